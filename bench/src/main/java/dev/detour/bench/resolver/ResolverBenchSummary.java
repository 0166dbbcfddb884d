package dev.detour.bench.resolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Formats {@link ResolverBench} results as a compact table, the ratio JVM/Detour and the issue's
 * goals. Stateless.
 */
final class ResolverBenchSummary {

  /** The GC profiler's allocation per operation, in B/op. */
  static final String ALLOC = "gc.alloc.rate.norm";

  /** The goal for a cached resolve with one thread: p50 at most this many ns. */
  static final double GOAL_P50_NANOS = 100;

  /** Allocation per operation at or below this is counted as none (JMH's own noise). */
  static final double ZERO_ALLOC_BYTES = 0.5;

  private static final List<Mode> MODE_ORDER =
      List.of(Mode.SampleTime, Mode.AverageTime, Mode.Throughput, Mode.SingleShotTime, Mode.All);

  private static final String DETOUR = "detourResolve";
  private static final String JVM = "jvmGetAllByName";

  /** One result row. */
  private record Row(
      String bench,
      Mode mode,
      int threads,
      double score,
      double error,
      double p50,
      double p99,
      String units,
      double alloc) {

    /** The time of one operation in this row's units, whatever the mode. */
    double costPerOp() {
      return mode == Mode.Throughput ? 1 / score : score;
    }
  }

  private ResolverBenchSummary() {}

  /**
   * Returns the summary of {@code results}, ending with a newline.
   *
   * @param machine one line about the machine and its load, printed under the title
   */
  static String format(List<RunResult> results, String machine) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      rows.add(row(r));
    }
    rows.sort(
        Comparator.comparing((Row r) -> r.threads)
            .thenComparing(r -> MODE_ORDER.indexOf(r.mode))
            .thenComparing(r -> r.bench));
    StringBuilder out = new StringBuilder();
    out.append("== Detour resolver vs JVM: cached lookup of ")
        .append(ResolverBench.HOST)
        .append(" (")
        .append(ResolverBench.ADDRESSES.size())
        .append(" addresses) ==\n")
        .append(machine)
        .append('\n');
    String header = "%-16s %-6s %3s %12s %10s %9s %9s %8s %11s%n";
    out.append(
        String.format(
            Locale.ROOT,
            header,
            "Benchmark",
            "Mode",
            "Thr",
            "Score",
            "Error",
            "p50",
            "p99",
            "Units",
            "alloc B/op"));
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-16s %-6s %3d %12.3f %10s %9s %9s %8s %11s%n",
              r.bench,
              r.mode.shortLabel(),
              r.threads,
              r.score,
              Double.isNaN(r.error) ? "-" : String.format(Locale.ROOT, "± %.3f", r.error),
              number(r.p50),
              number(r.p99),
              r.units,
              number(r.alloc)));
    }
    out.append("\nratio JVM/Detour (time per op; > 1 means Detour is faster):\n");
    for (Row d : rows) {
      if (!d.bench.equals(DETOUR)) {
        continue;
      }
      Row j = find(rows, JVM, d.mode, d.threads);
      if (j == null) {
        continue;
      }
      String what =
          d.mode.shortLabel() + ", " + d.threads + (d.threads == 1 ? " thread" : " threads");
      // A sample-mode mean is dominated by rare ms-long pauses; its percentiles are the signal.
      out.append(
          d.mode == Mode.SampleTime
              ? String.format(
                  Locale.ROOT,
                  "  %-18s p50 %5.2fx   p99 %5.2fx%n",
                  what,
                  j.p50 / d.p50,
                  j.p99 / d.p99)
              : String.format(
                  Locale.ROOT, "  %-18s     %5.2fx%n", what, j.costPerOp() / d.costPerOp()));
    }
    out.append(goals(rows));
    return out.toString();
  }

  private static String goals(List<Row> rows) {
    StringBuilder out = new StringBuilder("\ngoals (issue 3):\n");
    Row sample = find(rows, DETOUR, Mode.SampleTime, 1);
    if (sample != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "  p50 <= %.0f ns for a cached resolve (1 thread): %s (p50 %.1f ns)%n",
              GOAL_P50_NANOS,
              sample.p50 <= GOAL_P50_NANOS ? "MET" : "NOT MET",
              sample.p50));
    }
    double worst = Double.NaN;
    for (Row r : rows) {
      if (r.bench.equals(DETOUR) && !Double.isNaN(r.alloc)) {
        worst = Double.isNaN(worst) ? r.alloc : Math.max(worst, r.alloc);
      }
    }
    if (!Double.isNaN(worst)) {
      out.append(
          String.format(
              Locale.ROOT,
              "  no allocation on the hot path (<= %.1f B/op in every Detour row): %s"
                  + " (worst %.3f B/op)%n",
              ZERO_ALLOC_BYTES,
              worst <= ZERO_ALLOC_BYTES ? "MET" : "NOT MET",
              worst));
    }
    return out.toString();
  }

  private static Row row(RunResult r) {
    String name = r.getParams().getBenchmark();
    Mode mode = r.getParams().getMode();
    Result<?> primary = r.getPrimaryResult();
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    if (mode == Mode.SampleTime) {
      p50 = primary.getStatistics().getPercentile(50);
      p99 = primary.getStatistics().getPercentile(99);
    }
    Result<?> alloc = r.getSecondaryResults().get(ALLOC);
    return new Row(
        name.substring(name.lastIndexOf('.') + 1),
        mode,
        r.getParams().getThreads(),
        primary.getScore(),
        primary.getScoreError(),
        p50,
        p99,
        primary.getScoreUnit(),
        alloc == null ? Double.NaN : alloc.getScore());
  }

  private static Row find(List<Row> rows, String bench, Mode mode, int threads) {
    for (Row r : rows) {
      if (r.bench.equals(bench) && r.mode == mode && r.threads == threads) {
        return r;
      }
    }
    return null;
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }
}
