package dev.detour.bench.suite;

import dev.detour.bench.peers.Attempt;
import dev.detour.bench.peers.ConnectPeer;
import dev.detour.testkit.proxy.Fault;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connect scenarios with every peer in the same run, on the same fleet, under the same faults.
 * Each fault scenario runs rounds in which every client connects once, at the same time ({@link
 * Rounds#together}); between rounds the DNS answer starts at another position, so that the rounds
 * cover every position of the dead addresses, from a live one first to all the dead ones first. The
 * Detour-only parts of a scenario (learning, warm router, fast-fail, bursts) are in {@link
 * DetourScenarios}.
 */
final class ConnectScenarios {

  static final String HEALTHY = "healthy 12/12";

  /** The pair's clients in the rows of the JIT warm-up (see {@link #jitWarmupRow}). */
  static final String PLAIN_JIT = "pgjdbc, one address";

  static final String DETOUR_JIT = "Detour jdbc:detour:";
  static final String COLD = "8/12 black-holed, cold";
  static final String LEARNING = "8/12 black-holed, learning (a new router's first connects)";
  static final String WARM = "8/12 black-holed, warm";
  static final String LAST_ONE = "11/12 black-holed";
  static final String STALL = "accept-then-stall on 4/12";
  static final String ALL_DOWN = "all 12 black-holed";
  static final String BURST = "burst of threads at once, 8/12 black-holed";
  static final String COLD_JVM = "cold JVM, healthy 12/12";

  /** The connect scenarios in the issue's order, the order of the tables. */
  static final List<String> ORDER =
      List.of(HEALTHY, COLD, LEARNING, WARM, LAST_ONE, STALL, ALL_DOWN, BURST, COLD_JVM);

  /**
   * An attempt that hung, or failed after this many seconds or more, is a slow failure: {@code
   * slowCap} of them and a client sits out a scenario's remaining fault rounds.
   */
  static final int SLOW_SECONDS = 8;

  private static final Duration COLD_JVM_DEADLINE = Duration.ofSeconds(60);

  private final ConnectLab lab;
  private final SuiteMode mode;
  private final SuiteResults results;
  private final Rounds rounds;

  ConnectScenarios(ConnectLab lab, SuiteMode mode, SuiteResults results, Rounds rounds) {
    this.lab = lab;
    this.mode = mode;
    this.results = results;
    this.rounds = rounds;
  }

  /**
   * Healthy fleet: every client, one connect at a time, after a warm-up. The pair of the healthy
   * goal (plain pgjdbc to one address and Detour) takes part in every sample; the other clients,
   * whose healthy figures no goal judges, in every {@code healthyPeerEvery}-th.
   */
  void healthy() {
    Map<ConnectPeer, ResultRow> all = new LinkedHashMap<>();
    Map<ConnectPeer, ResultRow> pair = new LinkedHashMap<>();
    ResultRow plain = results.row(HEALTHY, lab.plainOneAddress.name());
    all.put(lab.plainOneAddress, plain);
    pair.put(lab.plainOneAddress, plain);
    addPeers(HEALTHY, all);
    ResultRow detour = results.row(HEALTHY, lab.detourWarm.name());
    all.put(lab.detourWarm, detour);
    pair.put(lab.detourWarm, detour);
    lab.orderFrom(0);
    // the pair's first connects in this JVM, timed apart: until the JIT has compiled both paths,
    // Detour's longer path runs interpreted and costs more than it does warm. A service lives
    // through this window once per start; the goal judges the warm figures that follow.
    Map<ConnectPeer, ResultRow> jit = new LinkedHashMap<>();
    jit.put(lab.plainOneAddress, results.row(HEALTHY, jitWarmupRow(PLAIN_JIT)));
    jit.put(lab.detourWarm, results.row(HEALTHY, jitWarmupRow(DETOUR_JIT)));
    for (int i = 0; i < mode.pairWarmupRounds(); i++) {
      rounds.interleaved(jit, lab.target(), mode.deadline);
    }
    // untimed: a child JVM's first connect loads its driver, which on a busy machine can take
    // longer than the scenario's deadline; cut off there, the child would be killed and the next
    // warm-up would meet a new cold child again
    for (int i = 0; i < mode.warmupRounds; i++) {
      rounds.warmUp(List.copyOf(all.keySet()), lab.target(), COLD_JVM_DEADLINE);
    }
    for (int i = 0; i < mode.healthySamples; i++) {
      rounds.interleaved(i % mode.healthyPeerEvery == 0 ? all : pair, lab.target(), mode.deadline);
    }
    int peerSamples = (mode.healthySamples + mode.healthyPeerEvery - 1) / mode.healthyPeerEvery;
    results.scenarioNote(
        HEALTHY,
        String.format(
            Locale.ROOT,
            "%d rounds of the healthy goal's pair (plain pgjdbc to one address, and Detour) while"
                + " the JIT compiles them (the rows marked JIT warm-up), %d warm-up rounds of every"
                + " client, then %d samples of the pair and %d of every other client (every %d-th"
                + " sample), one connect at a time, in an order shuffled for every sample.",
            mode.pairWarmupRounds(),
            mode.warmupRounds,
            mode.healthySamples,
            peerSamples,
            mode.healthyPeerEvery));
  }

  /** The row name of a client's first connects in this JVM, while the JIT compiles its path. */
  static String jitWarmupRow(String client) {
    return client + ", JIT warm-up (the JVM's first connects)";
  }

  /** 8 of 12 black-holed: every client on a cold start, rounds over every DNS position. */
  void cold() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(8);
    faultRounds(COLD, mode.coldRounds, mode.deadline);
  }

  /** 11 of 12 black-holed: one address left. */
  void lastOne() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(11);
    faultRounds(LAST_ONE, mode.lastOneRounds, mode.deadline);
  }

  /** 4 of 12 accept TCP and then never answer. */
  void stall() {
    lab.fleet.clearFaults();
    for (int i = 0; i < 4; i++) {
      lab.fleet.fault(i, Fault.acceptThenStall());
    }
    faultRounds(STALL, mode.stallRounds, mode.deadline);
  }

  /** Every address black-holed: how long each client takes to fail. */
  void allDown() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(12);
    faultRounds(ALL_DOWN, mode.allDownRounds, mode.deadline);
  }

  /** The first connect of a fresh JVM, every client, healthy fleet. */
  void coldJvm() throws IOException {
    lab.fleet.clearFaults();
    lab.orderFrom(0);
    Map<ConnectPeer, ResultRow> rows = new LinkedHashMap<>();
    for (ConnectPeer p : lab.freshJvmPeers()) {
      rows.put(p, results.row(COLD_JVM, p.name()));
    }
    if (lab.psql.isEmpty()) {
      results.row(COLD_JVM, ConnectLab.PSQL_ABSENT).absent(ConnectLab.psqlAbsentReason());
    }
    for (int i = 0; i < mode.coldJvms; i++) {
      rounds.interleaved(rows, lab.target(), COLD_JVM_DEADLINE);
    }
    results.scenarioNote(
        COLD_JVM,
        "Each sample is a new child JVM; the time is measured inside it, from just before its"
            + " first DriverManager.getConnection (driver loading included) to ready; JVM"
            + " start-up is not counted. psql's figure is its whole process, as in every row.");
  }

  /**
   * Fault rounds: every client at once per round, the DNS answer rotated between rounds. A client
   * sits out the remaining rounds once {@code slowCap} of its attempts in this scenario hung or
   * failed after {@link #SLOW_SECONDS} or more: it has shown that it hangs, and more samples of it
   * would only hold every round to its timeout. Its row's count says how many it took.
   */
  private void faultRounds(String scenario, int count, Duration deadline) {
    Map<ConnectPeer, ResultRow> rows = new LinkedHashMap<>();
    addPeers(scenario, rows);
    rows.put(lab.detourCold, results.row(scenario, lab.detourCold.name()));
    Map<ConnectPeer, Integer> slow = new HashMap<>();
    int size = lab.fleet.size();
    for (int r = 0; r < count; r++) {
      lab.orderFrom(r * size / count);
      Map<ConnectPeer, ResultRow> active = new LinkedHashMap<>();
      rows.forEach(
          (peer, row) -> {
            if (slow.getOrDefault(peer, 0) < mode.slowCap) {
              active.put(peer, row);
            }
          });
      rounds
          .together(active, lab.target(), deadline)
          .forEach(
              (peer, attempt) -> {
                if (slowFailure(attempt)) {
                  slow.merge(peer, 1, Integer::sum);
                }
              });
    }
    rows.forEach(
        (peer, row) -> {
          if (row.count() < count) {
            row.note(
                String.format(
                    Locale.ROOT,
                    "%d of %d rounds: sat out the rest after %d that hung or failed after ≥ %d s",
                    row.count(),
                    count,
                    mode.slowCap,
                    SLOW_SECONDS));
          }
        });
    results.scenarioNote(
        scenario,
        String.format(
            Locale.ROOT,
            "%d rounds; in each, every client connects once, all at the same time; the DNS answer"
                + " starts at address %s in turn. A client that hung or failed after ≥ %d s in %d"
                + " rounds sits out the rest (its count says so).",
            count,
            positions(count, size),
            SLOW_SECONDS,
            mode.slowCap));
  }

  private static boolean slowFailure(Attempt a) {
    return a.outcome() == Attempt.Outcome.HUNG
        || (a.outcome() == Attempt.Outcome.FAILED
            && a.nanos() >= TimeUnit.SECONDS.toNanos(SLOW_SECONDS));
  }

  private void addPeers(String scenario, Map<ConnectPeer, ResultRow> rows) {
    for (ConnectPeer p : lab.peers) {
      rows.put(p, results.row(scenario, p.name()));
    }
    if (lab.psql.isEmpty()) {
      results.row(scenario, ConnectLab.PSQL_ABSENT).absent(ConnectLab.psqlAbsentReason());
    }
  }

  private static String positions(int count, int size) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < count; r++) {
      sb.append(r == 0 ? "#" : ", #").append(r * size / count);
    }
    return sb.toString();
  }
}
