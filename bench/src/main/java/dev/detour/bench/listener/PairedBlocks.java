package dev.detour.bench.listener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * The counted blocks of one rate, in pairs (a Detour block and the bare block timed with it), by
 * session, so that the noise of the Detour/bare ratio can be shown: the ratio of each session, and
 * a two-level bootstrap (sessions resampled with replacement, then blocks within each) that gives
 * an interval for the pooled p50 and p99 ratios. The blocks' own histograms are coarser (2
 * significant digits) than the pooled ones; they only serve the intervals. Filled by the handler of
 * the client whose block runs, read after the run.
 */
final class PairedBlocks {

  private static final int RESAMPLES = 1000;

  private final Histogram detourPooled = ListenerFigures.histogram();
  private final Histogram barePooled = ListenerFigures.histogram();
  private final List<Histogram> detour = new ArrayList<>();
  private final List<Histogram> bare = new ArrayList<>();
  private final List<Integer> sessionOf = new ArrayList<>();

  /** Returns a client's histogram of every counted block, at full precision. */
  Histogram pooled(boolean ofDetour) {
    return ofDetour ? detourPooled : barePooled;
  }

  /**
   * Returns the histogram of the {@code index}-th counted block of a client (created if new; the
   * indices are counted over the whole run, in order).
   */
  synchronized Histogram block(boolean ofDetour, int index, int session) {
    while (detour.size() <= index) {
      detour.add(new Histogram(60_000_000L, 2));
      bare.add(new Histogram(60_000_000L, 2));
      sessionOf.add(session);
    }
    return (ofDetour ? detour : bare).get(index);
  }

  /** Adds the pooled histograms to {@code detourOut} and {@code bareOut}. */
  synchronized void addTo(Histogram detourOut, Histogram bareOut) {
    detourOut.add(detourPooled);
    bareOut.add(barePooled);
  }

  /**
   * Returns the ratios per session and "95 % interval p50 ×lo–×hi, p99 ×lo–×hi": each pooled
   * ratio's interval over {@value #RESAMPLES} two-level resamples (fixed seed, so a run's line can
   * be recomputed).
   */
  synchronized String intervals() {
    List<List<Integer>> sessions = new ArrayList<>();
    for (int i = 0; i < detour.size(); i++) {
      int s = sessionOf.get(i);
      while (sessions.size() <= s) {
        sessions.add(new ArrayList<>());
      }
      sessions.get(s).add(i);
    }
    sessions.removeIf(List::isEmpty);
    if (sessions.isEmpty()) {
      return "no pairs";
    }
    StringJoiner perSession = new StringJoiner(", ");
    Histogram d = new Histogram(60_000_000L, 2);
    Histogram b = new Histogram(60_000_000L, 2);
    for (List<Integer> session : sessions) {
      d.reset();
      b.reset();
      for (int i : session) {
        d.add(detour.get(i));
        b.add(bare.get(i));
      }
      perSession.add(String.format(Locale.ROOT, "×%.3f/×%.3f", ratio(d, b, 50), ratio(d, b, 99)));
    }
    double[] r50 = new double[RESAMPLES];
    double[] r99 = new double[RESAMPLES];
    SplittableRandom random = new SplittableRandom(11);
    for (int r = 0; r < RESAMPLES; r++) {
      d.reset();
      b.reset();
      for (int k = 0; k < sessions.size(); k++) {
        List<Integer> session = sessions.get(random.nextInt(sessions.size()));
        for (int j = 0; j < session.size(); j++) {
          int pick = session.get(random.nextInt(session.size()));
          d.add(detour.get(pick));
          b.add(bare.get(pick));
        }
      }
      r50[r] = ratio(d, b, 50);
      r99[r] = ratio(d, b, 99);
    }
    return String.format(
        Locale.ROOT,
        "per session p50/p99 %s; 95 %% interval p50 ×%.3f–×%.3f, p99 ×%.3f–×%.3f (bootstrap over"
            + " %d sessions and their blocks)",
        perSession,
        quantile(r50, 0.025),
        quantile(r50, 0.975),
        quantile(r99, 0.025),
        quantile(r99, 0.975),
        sessions.size());
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
