package dev.detour.examples.replay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The replay's scenarios: each a list of phases, and what changes in the fleet as each phase
 * begins. The last phase of every scenario clears the faults. Default durations keep a run at about
 * a minute.
 */
enum Scenario {
  /** The seed's 2025-12-08 incident. */
  INCIDENT(
      "incident-2025-12-08",
      "the 2025-12-08 incident: 8 of 12 addresses hang, then the listener's address stalls",
      List.of(
          new PhaseSpec("healthy", "healthy", Duration.ofSeconds(10), (env, stacks) -> {}),
          new PhaseSpec(
              "addresses-hang",
              "8 of 12 addresses hang",
              Duration.ofSeconds(20),
              (env, stacks) ->
                  env.killSilently(
                      IntStream.range(0, 8).boxed().toList(),
                      "8 of 12 addresses black-holed, their open connections stalled")),
          new PhaseSpec(
              "listener-stalls",
              "listener's address stalls",
              Duration.ofSeconds(15),
              Scenario::stallListenerAddresses),
          recovered(Duration.ofSeconds(15)))),

  /** DNS stops answering for longer than the TTL (and the JVM's 30 s cache). */
  DNS_OUTAGE(
      "dns-outage",
      "DNS stops answering for longer than the TTL; then every open connection drops",
      List.of(
          new PhaseSpec("healthy", "healthy", Duration.ofSeconds(10), (env, stacks) -> {}),
          new PhaseSpec(
              "dns-down",
              "DNS down",
              Duration.ofSeconds(20),
              (env, stacks) -> env.dnsDown("DNS stops answering (TTL 5 s)")),
          new PhaseSpec(
              "dns-down-reconnect",
              "DNS down, connections drop",
              Duration.ofSeconds(15),
              (env, stacks) -> env.dropAllConnections("every open connection reset")),
          recovered(Duration.ofSeconds(15)))),

  /** Every address goes down, then comes back. */
  ALL_DOWN(
      "all-down-then-recover",
      "every address hangs, then all come back",
      List.of(
          new PhaseSpec("healthy", "healthy", Duration.ofSeconds(15), (env, stacks) -> {}),
          new PhaseSpec(
              "all-down",
              "all 12 addresses down",
              Duration.ofSeconds(25),
              (env, stacks) ->
                  env.killSilently(
                      IntStream.range(0, env.size()).boxed().toList(),
                      "all 12 addresses black-holed, open connections stalled")),
          recovered(Duration.ofSeconds(20)))),

  /** The first connections are slow, like a Neon compute waking up. */
  COLD_START(
      "cold-start",
      "the stacks start against a waking compute: every round trip is slow at first",
      List.of(
          new PhaseSpec(
              "waking",
              "compute waking up",
              Duration.ofSeconds(20),
              (env, stacks) ->
                  env.slowAll(Duration.ofMillis(150), "every address adds 150 ms each way")),
          new PhaseSpec(
              "awake", "awake", Duration.ofSeconds(40), (env, stacks) -> env.clear("awake"))));

  private final String id;
  private final String description;
  private final List<PhaseSpec> phases;

  Scenario(String id, String description, List<PhaseSpec> phases) {
    this.id = id;
    this.description = description;
    this.phases = phases;
  }

  /** Returns the name given to {@code --scenario}. */
  String id() {
    return id;
  }

  String description() {
    return description;
  }

  List<PhaseSpec> phases() {
    return phases;
  }

  /** Returns the scenario named {@code id}, or throws naming the known ones. */
  static Scenario of(String id) {
    for (Scenario s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '" + id + "' (expected one of: " + ids() + ")");
  }

  /** Returns the known names, comma-separated. */
  static String ids() {
    return String.join(", ", java.util.Arrays.stream(values()).map(Scenario::id).toList());
  }

  private static PhaseSpec recovered(Duration d) {
    return new PhaseSpec(
        "recovered", "faults clear", d, (env, stacks) -> env.clear("every fault cleared"));
  }

  private static void stallListenerAddresses(ReplayEnvironment env, List<Stack> stacks) {
    Set<InetAddress> addresses = new LinkedHashSet<>();
    for (Stack s : stacks) {
      s.listenerAddress().ifPresent(addresses::add);
    }
    if (addresses.isEmpty()) {
      env.killSilently(List.of(env.healthyIndexes().get(0)), "a healthy address stalls");
      return;
    }
    for (InetAddress a : addresses) {
      env.killSilently(a, "listener address " + a.getHostAddress() + " stalls");
    }
  }

  /** What happens as a phase begins. */
  @FunctionalInterface
  interface Action {
    void enter(ReplayEnvironment env, List<Stack> stacks);
  }

  /**
   * One phase of a scenario, with its default duration.
   *
   * @param name a short id, used in the JSON report
   * @param label the text on the chart and in the progress output
   */
  record PhaseSpec(String name, String label, Duration duration, Action action) {}
}
