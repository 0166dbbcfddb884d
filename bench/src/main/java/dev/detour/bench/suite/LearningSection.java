package dev.detour.bench.suite;

import dev.detour.bench.router.LearningRows;
import dev.detour.bench.router.LearningScenarios;
import dev.detour.testkit.NeonLikeFleet;
import java.util.List;

/**
 * The router's issue-8 scenarios, run by the router's own benchmark ({@code LearningScenarios},
 * through {@link LearningRows}) on the suite's fleet rather than re-implemented: learning (a new
 * router's first 50 connects, 8/12 black-holed), stalled handshakes (4/12 accept-then-stall;
 * libpq's strategy beside it is the suite's own libpq row of that scenario), bursts of 64 threads,
 * and the cold JVM. Their rows join the suite's scenarios of the same fault, next to the peers
 * measured there.
 */
final class LearningSection {

  static final String FIRST = "Detour, connect #0 (new router per round)";
  static final String AFTER_FIRST = "Detour, connects #1-#49";
  static final String STALL_ROUNDS = "Detour, 50 connects per new router";
  static final String BURST_COLD = "Detour, cold router, 64 at once";
  static final String BURST_LATER = "Detour, more bursts, same router";
  static final String COLD_JVM_DETOUR = "Detour, jdbc:detour:, first connect in a new JVM";
  static final String COLD_JVM_PLAIN = "pgjdbc, first connect in a new JVM";

  private LearningSection() {}

  static void run(SuiteResults results, NeonLikeFleet fleet, SuiteMode mode) throws Exception {
    int rounds = mode.learningRounds;
    boolean full = mode == SuiteMode.FULL;
    // each round is a new router and 50 connects; the quick mode checks the row, with one round
    int stalled = full ? mode.stallRounds * 2 : 1;
    int children = full ? 6 : 1;
    int laterBursts = full ? 3 : 1;
    // the healthy baseline of LearningScenarios' own notes; the goals use the suite's healthy rows
    int baselineWarmup = full ? 50 : 10;
    int baselineSamples = full ? 200 : 40;
    // libpq's strategy on the stalled fleet is the suite's own libpq row in the same scenario
    LearningScenarios.Sizes sizes =
        new LearningScenarios.Sizes(
            rounds,
            stalled,
            0,
            mode.burstRounds,
            laterBursts,
            children,
            baselineWarmup,
            baselineSamples);
    List<LearningRows.Row> rows;
    try {
      rows =
          LearningRows.run(
              fleet, sizes, (part, seconds) -> results.step("issue 8: " + part, seconds));
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
            "LearningScenarios rows: %d rounds of a new router and 50 connects; libpq's strategy"
                + " beside them is the libpq row of the rounds above.",
            stalled));
    results.scenarioNote(
        ConnectScenarios.BURST,
        String.format(
            "LearningScenarios: %d cold bursts of 64 threads, each on a new router, then %d"
                + " bursts on the same router.",
            mode.burstRounds, laterBursts));
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
