package dev.detour.bench.listener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The counted blocks of one rate, in pairs (a Detour block and the bare block next to it), so that
 * the noise of the Detour/bare ratio can be shown: a bootstrap over the pairs (resampled with
 * replacement, the pooled percentiles recomputed each time) gives an interval for the pooled p50
 * and p99 ratios. The blocks' own histograms are coarser (2 significant digits) than the pooled
 * ones; they only serve the interval. Filled by one thread at a time (the handler of the client
 * whose block runs), read after the run.
 */
final class PairedBlocks {

  private static final int RESAMPLES = 1000;

  private final List<Histogram> detour = new ArrayList<>();
  private final List<Histogram> bare = new ArrayList<>();

  /** Returns the histogram of the {@code index}-th counted block of a client, created if new. */
  synchronized Histogram block(boolean ofDetour, int index) {
    List<Histogram> list = ofDetour ? detour : bare;
    while (list.size() <= index) {
      list.add(new Histogram(60_000_000L, 2));
    }
    return list.get(index);
  }

  /**
   * Returns "p50 ×a [95 % ×lo–×hi], p99 ×b [95 % ×lo–×hi]": the interval of each pooled ratio over
   * {@value #RESAMPLES} resamples of the pairs (fixed seed, so a run's line can be recomputed).
   */
  synchronized String intervals() {
    int pairs = Math.min(detour.size(), bare.size());
    if (pairs == 0) {
      return "no pairs";
    }
    double[] r50 = new double[RESAMPLES];
    double[] r99 = new double[RESAMPLES];
    SplittableRandom random = new SplittableRandom(11);
    Histogram d = new Histogram(60_000_000L, 2);
    Histogram b = new Histogram(60_000_000L, 2);
    for (int i = 0; i < RESAMPLES; i++) {
      d.reset();
      b.reset();
      for (int j = 0; j < pairs; j++) {
        int pick = random.nextInt(pairs);
        d.add(detour.get(pick));
        b.add(bare.get(pick));
      }
      r50[i] = ratio(d, b, 50);
      r99[i] = ratio(d, b, 99);
    }
    return String.format(
        Locale.ROOT,
        "p50 95 %% interval ×%.2f–×%.2f, p99 ×%.2f–×%.2f (bootstrap over %d block pairs)",
        quantile(r50, 0.025),
        quantile(r50, 0.975),
        quantile(r99, 0.025),
        quantile(r99, 0.975),
        pairs);
  }

  static double ratio(Histogram detour, Histogram bare, double percentile) {
    if (detour.getTotalCount() == 0 || bare.getTotalCount() == 0) {
      return Double.NaN;
    }
    return (double) detour.getValueAtPercentile(percentile) / bare.getValueAtPercentile(percentile);
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
