package dev.detour.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** The caveats printed with every run, so that a figure is never read without its setup. */
final class SuiteCaveats {

  private SuiteCaveats() {}

  static List<String> connect(boolean psqlPresent) {
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
        "The libpq strategy re-implementation (SequentialSocketFactory) bounds only each TCP"
            + " connect by 2 s, not the startup; real libpq's connect_timeout also covers the"
            + " startup. So on accept-then-stall the re-implementation hangs where psql moves on.");
    c.add(
        psqlPresent
            ? "psql rows are whole psql processes (start-up included, a few ms), given the"
                + " addresses as a host list in DNS order: libpq cannot query the lab's DNS server"
                + " on its custom port. libpq tries a host list as it tries one name's addresses."
            : "psql is not on this machine's PATH: the real-libpq column is absent.");
    c.add(
        "A hung attempt is recorded at the deadline: percentiles that reach it are lower bounds"
            + " (marked ≥).");
    return c;
  }
}
