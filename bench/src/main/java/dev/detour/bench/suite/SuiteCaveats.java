package dev.detour.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The caveats printed with every run, so that a figure is never read without its setup. */
final class SuiteCaveats {

  private SuiteCaveats() {}

  static List<String> connect(boolean psqlPresent, SuiteMode mode) {
    List<String> c = new ArrayList<>();
    c.add(
        "Loopback lab: 12 TCP proxies on 127.0.0.11-.22 in front of one embedded PostgreSQL,"
            + " SCRAM auth, a real DNS server. Black holes drop SYNs (a full accept queue);"
            + " accept-then-stall proxies accept TCP and never answer. RTTs are tens of µs, so a"
            + " fixed per-connect cost shows larger as a ratio than against a managed Postgres.");
    c.add(
        "Hosts-file peers (pgjdbc defaults, AWS wrapper) run in long-lived child JVMs, each with"
            + " its own shuffled hosts file (-Djdk.net.hosts.file is read only at JVM start); the"
            + " attempts go to the children in turn, and the time is measured inside the child. A"
            + " child still connecting at the deadline is killed and started again.");
    c.add(
        "Fault rounds run every client at the same time (each waits on timeouts, not CPU);"
            + " millisecond figures (healthy, learning, warm, fast-fail) run one connect at a"
            + " time.");
    c.add(
        "The libpq strategy row reproduces libpq with pgjdbc: the name resolved through the lab's"
            + " DNS, then each address in DNS order as a whole connect of its own (one host in the"
            + " URL, connectTimeout, loginTimeout and socketTimeout all 2 s: TCP, startup and SCRAM"
            + " auth within connect_timeout=2), timed from the DNS query to the first SELECT 1. A"
            + " stalled or black-holed address costs its 2 s, then the next one is tried.");
    c.add(
        String.format(
            Locale.ROOT,
            "In the fault rounds a peer sits out the remaining rounds of a scenario once %d of its"
                + " attempts there hung or failed after %d s or more: a peer that hangs needs few"
                + " samples to show it; its row's count (and note) says how many it took.",
            mode.slowCap,
            ConnectScenarios.SLOW_SECONDS));
    c.add(
        psqlPresent
            ? "psql rows are whole psql processes (start-up included, a few ms), given the"
                + " addresses as a host list in DNS order: libpq cannot query the lab's DNS server"
                + " on its custom port. libpq tries a host list as it tries one name's addresses."
            : "psql is not on this machine's PATH: the real-libpq column is absent.");
    if (mode == SuiteMode.QUICK) {
      c.add(
          String.format(
              Locale.ROOT,
              "Quick mode: a smoke check, with few samples and a %d s deadline; the incident"
                  + " replay's child JVM ran alongside the peers' fault rounds (its load can add"
                  + " to those rounds' figures, Detour's cold router among them); every other"
                  + " figure was taken with nothing else running.",
              mode.deadline.toSeconds()));
    }
    c.add(
        "A hung attempt is recorded at the deadline: percentiles that reach it are lower bounds"
            + " (marked ≥).");
    return c;
  }
}
