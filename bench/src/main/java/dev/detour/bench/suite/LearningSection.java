package dev.detour.bench.suite;

import dev.detour.bench.router.LearningRows;
import dev.detour.testkit.NeonLikeFleet;
import java.util.List;

/**
 * The router's issue-8 scenarios, run by the router's own benchmark ({@code LearningScenarios},
 * through {@link LearningRows}) on the suite's fleet rather than re-implemented: learning (a new
 * router's first 50 connects, 8/12 black-holed), stalled handshakes (4/12 accept-then-stall, with
 * libpq's strategy covering the startup beside it), bursts of 64 threads, and the cold JVM. Their
 * rows join the suite's scenarios of the same fault, next to the peers measured there.
 */
final class LearningSection {

  static final String FIRST = "Detour, connect #0 (new router per round)";
  static final String AFTER_FIRST = "Detour, connects #1-#49";
  static final String STALL_ROUNDS = "Detour, 50 connects per new router";
  static final String LIBPQ_WITH_STARTUP = "libpq strategy: 2 s per address incl. startup";
  static final String BURST_COLD = "Detour, cold router, 64 at once";
  static final String BURST_LATER = "Detour, 3 more bursts, same router";
  static final String COLD_JVM_DETOUR = "Detour, jdbc:detour:, first connect in a new JVM";
  static final String COLD_JVM_PLAIN = "pgjdbc, first connect in a new JVM";

  private LearningSection() {}

  static void run(SuiteResults results, NeonLikeFleet fleet, SuiteMode mode) throws Exception {
    int rounds = mode.learningRounds;
    int stalled = mode.stallRounds * 2;
    int libpq = mode == SuiteMode.FULL ? 8 : mode == SuiteMode.QUICK ? 4 : 1;
    int children = mode == SuiteMode.FULL ? 6 : mode == SuiteMode.QUICK ? 3 : 1;
    List<LearningRows.Row> rows;
    try {
      rows = LearningRows.run(fleet, rounds, stalled, libpq, mode.burstRounds, children);
    } finally {
      fleet.clearFaults();
    }
    for (LearningRows.Row r : rows) {
      String scenario = scenario(r.scenario());
      String client = r.client();
      if (!client.startsWith("pgjdbc")
          && !client.startsWith("libpq")
          && !client.startsWith("Detour")) {
        client = "Detour, " + client;
      }
      ResultRow row = results.row(scenario, client);
      row.addMicros(r.micros(), r.ok(), r.failed());
      row.note(r.note().isEmpty() ? "LearningScenarios" : "LearningScenarios; " + r.note());
    }
    results.scenarioNote(
        ConnectScenarios.LEARNING,
        String.format(
            "Detour rows: LearningScenarios, %d rounds of a new router and 50 sequential connects,"
                + " the dead addresses first in DNS order.",
            rounds));
    results.scenarioNote(
        ConnectScenarios.STALL,
        String.format(
            "LearningScenarios rows: %d rounds of a new router and 50 connects; %d samples of"
                + " libpq's strategy with a 2 s timeout covering the startup (DNS rotated per"
                + " sample).",
            stalled, libpq));
    results.scenarioNote(
        ConnectScenarios.BURST,
        String.format(
            "LearningScenarios: %d cold bursts of 64 threads, each on a new router, then 3 bursts"
                + " on the same router.",
            mode.burstRounds));
  }

  private static String scenario(String theirs) {
    if (theirs.startsWith("learning baseline")) {
      return ConnectScenarios.HEALTHY;
    } else if (theirs.startsWith("learning")) {
      return ConnectScenarios.LEARNING;
    } else if (theirs.startsWith("stalled")) {
      return ConnectScenarios.STALL;
    } else if (theirs.startsWith("burst")) {
      return ConnectScenarios.BURST;
    } else if (theirs.startsWith("cold JVM")) {
      return ConnectScenarios.COLD_JVM;
    }
    return theirs;
  }
}
