package dev.detour.bench.suite;

import dev.detour.bench.router.MedianRatio;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges the connect goals of issue 8 (and those of issue 4 that issue 8 keeps) against one run's
 * rows, and adds the derived figures: the healthy p50 ratio and the cold-JVM ratio, each with a 95%
 * bootstrap interval. A goal whose rows are missing or empty is not met.
 */
final class ConnectGoals {

  private static final int BOOTSTRAP_ROUNDS = 2_000;

  private final SuiteResults results;
  private final long seed;

  ConnectGoals(SuiteResults results, long seed) {
    this.results = results;
    this.seed = seed;
  }

  void judge() {
    Optional<ResultRow> plain = row(ConnectScenarios.HEALTHY, ConnectLab.PLAIN_ONE_ADDRESS);
    Optional<ResultRow> detour = row(ConnectScenarios.HEALTHY, ConnectLab.DETOUR_WARM);
    double healthyP99 = plain.map(r -> r.ms(99)).orElse(Double.NaN);

    String healthyGoal = "healthy fleet: jdbc:detour: p50 ≤ 1.05 × plain pgjdbc (issue 4, kept)";
    if (plain.isPresent() && detour.isPresent()) {
      double ratio = detour.get().ms(50) / plain.get().ms(50);
      String text =
          p50Pair(detour.get(), plain.get())
              + String.format(
                  Locale.ROOT, "; p99 %.2f vs %.2f ms", detour.get().ms(99), healthyP99);
      results.derived("healthy: Detour warm / plain pgjdbc, p50", text);
      results.goal(new Goal(8, healthyGoal, text, ratio <= 1.05 && failures(detour.get()) == 0));
    } else {
      results.goal(Goal.notMeasured(8, healthyGoal, "healthy rows missing"));
    }

    jitWarmup();
    atMost(
        ConnectScenarios.COLD,
        ConnectLab.DETOUR_COLD,
        99,
        1000,
        "8/12 black-holed, cold router: p99 ≤ 1 s (issue 4, kept)");
    atMost(
        ConnectScenarios.LEARNING,
        LearningSection.FIRST,
        99,
        1000,
        "learning: connect #0 of a new router p99 ≤ 1 s");
    atMost(
        ConnectScenarios.LEARNING,
        LearningSection.AFTER_FIRST,
        99,
        healthyP99 + 5,
        "learning: connects #1-#49 of a new router, p99 ≤ healthy p99 + 5 ms");
    atMost(
        ConnectScenarios.LEARNING,
        LearningSection.AFTER_FIRST,
        100,
        healthyP99 + 50,
        "learning: connects #1-#49 of a new router, max ≤ healthy p99 + 50 ms");
    atMost(
        ConnectScenarios.WARM,
        DetourScenarios.WARM,
        99,
        healthyP99 + 5,
        "8/12 black-holed, warm router: p99 ≤ healthy p99 + 5 ms (issue 4, kept)");
    stalled();
    atMost(
        ConnectScenarios.BURST,
        LearningSection.BURST_COLD,
        99,
        1000,
        "burst: 64 threads at once on a cold router, p99 ≤ 1 s");
    atMost(
        ConnectScenarios.BURST,
        LearningSection.BURST_LATER,
        99,
        healthyP99 + 50,
        "burst: later bursts on the same router, p99 ≤ healthy p99 + 50 ms");
    coldJvm();
    fastFail();
  }

  /** The pair's ratio while the JIT compiles them: a figure, not a goal (the goal is warm). */
  private void jitWarmup() {
    Optional<ResultRow> plain =
        row(ConnectScenarios.HEALTHY, ConnectScenarios.jitWarmupRow(ConnectScenarios.PLAIN_JIT));
    Optional<ResultRow> detour =
        row(ConnectScenarios.HEALTHY, ConnectScenarios.jitWarmupRow(ConnectScenarios.DETOUR_JIT));
    if (plain.isEmpty() || detour.isEmpty()) {
      return;
    }
    results.derived(
        "healthy, JIT warm-up (the JVM's first connects): Detour / plain pgjdbc, p50",
        p50Pair(detour.get(), plain.get())
            + String.format(Locale.ROOT, ", over %d connects each", detour.get().count()));
  }

  /** "p50 a vs b ms: ×r (95% bootstrap interval ×lo–×hi)", Detour's row against plain's. */
  private String p50Pair(ResultRow detour, ResultRow plain) {
    double[] ci = interval(detour, plain);
    return String.format(
        Locale.ROOT,
        "p50 %.2f vs %.2f ms: ×%.3f (95%% bootstrap interval ×%.3f–×%.3f)",
        detour.ms(50),
        plain.ms(50),
        detour.ms(50) / plain.ms(50),
        ci[0],
        ci[1]);
  }

  private void stalled() {
    String goal = "stalled handshakes: 100 % success, and max below libpq's strategy's max";
    Optional<ResultRow> detour = row(ConnectScenarios.STALL, LearningSection.STALL_ROUNDS);
    Optional<ResultRow> libpq = row(ConnectScenarios.STALL, ConnectLab.LIBPQ_STRATEGY);
    if (detour.isEmpty() || libpq.isEmpty() || detour.get().count() == 0) {
      results.goal(Goal.notMeasured(8, goal, "rows missing"));
      return;
    }
    ResultRow d = detour.get();
    ResultRow l = libpq.get();
    boolean met = failures(d) == 0 && d.maxMs() < l.maxMs();
    String text =
        String.format(
            Locale.ROOT,
            "%d/%d succeeded, max %s; libpq strategy max %s%s",
            d.ok,
            d.count(),
            d.figure(d.maxMs()),
            l.figure(l.maxMs()),
            l.hung > 0 ? " (" + l.hungText() + ")" : "");
    results.goal(new Goal(8, goal, text, met));
  }

  private void coldJvm() {
    String goal = "cold JVM: first connect, median Detour / plain pgjdbc ≤ 1.25";
    Optional<ResultRow> detour = row(ConnectScenarios.COLD_JVM, LearningSection.COLD_JVM_DETOUR);
    Optional<ResultRow> plain = row(ConnectScenarios.COLD_JVM, LearningSection.COLD_JVM_PLAIN);
    if (detour.isEmpty() || plain.isEmpty() || detour.get().ok == 0 || plain.get().ok == 0) {
      results.goal(Goal.notMeasured(8, goal, "rows missing or without a success"));
      return;
    }
    double ratio = detour.get().ms(50) / plain.get().ms(50);
    double[] ci = interval(detour.get(), plain.get());
    String text =
        String.format(
            Locale.ROOT,
            "p50 %.0f vs %.0f ms: ×%.2f (%s%d JVMs each)",
            detour.get().ms(50),
            plain.get().ms(50),
            ratio,
            Double.isNaN(ci[0])
                ? ""
                : String.format(Locale.ROOT, "95%% bootstrap interval ×%.2f–×%.2f, ", ci[0], ci[1]),
            detour.get().count());
    results.derived("cold JVM: Detour / plain pgjdbc, p50", text);
    results.goal(new Goal(8, goal, text, ratio <= 1.25));
  }

  private void fastFail() {
    String goal = "every address down: fail fast, Router.connect p99 < 1 ms (issue 4, kept)";
    Optional<ResultRow> r = row(ConnectScenarios.ALL_DOWN, DetourScenarios.FAST_FAIL_ROUTER);
    Optional<ResultRow> j = row(ConnectScenarios.ALL_DOWN, DetourScenarios.FAST_FAIL_JDBC);
    if (r.isEmpty() || r.get().count() == 0) {
      results.goal(Goal.notMeasured(8, goal, "rows missing"));
      return;
    }
    String text =
        String.format(
            Locale.ROOT,
            "Router.connect p50 %.3f ms, p99 %.3f ms (%d/%d fast-fails); jdbc:detour: p50 %.2f ms,"
                + " p99 %.2f ms",
            r.get().ms(50),
            r.get().ms(99),
            r.get().ok,
            r.get().count(),
            j.map(x -> x.ms(50)).orElse(Double.NaN),
            j.map(x -> x.ms(99)).orElse(Double.NaN));
    results.goal(new Goal(8, goal, text, r.get().ms(99) < 1 && r.get().failed == 0));
  }

  private void atMost(String scenario, String client, double pct, double limitMs, String goal) {
    Optional<ResultRow> row = row(scenario, client);
    if (row.isEmpty() || row.get().count() == 0 || Double.isNaN(limitMs)) {
      results.goal(Goal.notMeasured(8, goal, "rows missing"));
      return;
    }
    ResultRow r = row.get();
    double value = pct >= 100 ? r.maxMs() : r.ms(pct);
    String text =
        String.format(
            Locale.ROOT,
            "%s %s (limit %.2f ms), %d samples, %d failed, %d hung",
            pct >= 100 ? "max" : "p" + (int) pct,
            r.figure(value),
            limitMs,
            r.count(),
            r.failed,
            r.hung);
    results.goal(new Goal(8, goal, text, value <= limitMs && failures(r) == 0));
  }

  private double[] interval(ResultRow a, ResultRow b) {
    long[] sa = a.samples();
    long[] sb = b.samples();
    if (sa.length < 2 || sb.length < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return MedianRatio.interval(sa, sb, BOOTSTRAP_ROUNDS, seed);
  }

  private static int failures(ResultRow r) {
    return r.failed + r.hung;
  }

  private Optional<ResultRow> row(String scenario, String client) {
    return results.find(scenario, client).filter(ResultRow::measured);
  }
}
