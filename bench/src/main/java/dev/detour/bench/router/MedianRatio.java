package dev.detour.bench.router;

import java.util.Arrays;
import java.util.Random;

/**
 * A percentile bootstrap for the ratio of two medians: how far the measured p50 ratio could move
 * with another draw of the same samples. Resamples each side with replacement, independently.
 */
public final class MedianRatio {

  private MedianRatio() {}

  /**
   * Returns the 2.5th and 97.5th percentiles of {@code median(a*) / median(b*)} over {@code rounds}
   * resamples.
   *
   * @param a the numerator's samples
   * @param b the denominator's samples
   * @param rounds how many resamples, at least 100
   * @param seed the seed of the resampling
   * @return the interval's low and high ends
   * @throws IllegalArgumentException if a side is empty or {@code rounds < 100}
   */
  public static double[] interval(long[] a, long[] b, int rounds, long seed) {
    if (a.length == 0 || b.length == 0 || rounds < 100) {
      throw new IllegalArgumentException(
          "samples: " + a.length + " and " + b.length + ", rounds: " + rounds);
    }
    Random random = new Random(seed);
    double[] ratios = new double[rounds];
    long[] sa = new long[a.length];
    long[] sb = new long[b.length];
    for (int r = 0; r < rounds; r++) {
      ratios[r] = median(resample(a, sa, random)) / median(resample(b, sb, random));
    }
    Arrays.sort(ratios);
    return new double[] {ratios[(int) (rounds * 0.025)], ratios[(int) (rounds * 0.975) - 1]};
  }

  private static long[] resample(long[] from, long[] into, Random random) {
    for (int i = 0; i < into.length; i++) {
      into[i] = from[random.nextInt(from.length)];
    }
    Arrays.sort(into);
    return into;
  }

  private static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
