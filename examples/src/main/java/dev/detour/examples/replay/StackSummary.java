package dev.detour.examples.replay;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One stack's numbers at the end of a replay, as the table, the reports and the bars use them.
 * Latencies in milliseconds, times in seconds since the replay began.
 *
 * @param maxMillis the longest request, counting requests still hung at the end by their age
 * @param hungAtEnd requests still in flight when the replay ended
 * @param oldestHungSeconds the age of the oldest of them (0 if none)
 * @param listenerGapSeconds the gaps' total length
 * @param recoverSeconds from the faults clearing to the first second from which on every second was
 *     error-free with the listener connected; negative if that never happened
 * @param jobsDelayed processed jobs that waited longer than {@link #JOB_DELAY_SECONDS}
 * @param jobsLost inserted jobs never processed by the end of the drain
 */
record StackSummary(
    String stack,
    String description,
    long requests,
    long errors,
    double p50Millis,
    double p99Millis,
    double maxMillis,
    int hungAtEnd,
    double oldestHungSeconds,
    long poolTimeouts,
    long fastFails,
    long connectFailures,
    long queryFailures,
    int listenerGaps,
    double listenerGapSeconds,
    double longestListenerGapSeconds,
    boolean listenerConnectedAtEnd,
    double recoverSeconds,
    int jobsInserted,
    int jobsProcessed,
    long jobsDelayed,
    int jobsLost,
    double jobP99Millis,
    double jobMaxMillis,
    List<StackRecorder.Gap> gaps) {

  /** A job that waited longer than this, in seconds, counts as delayed. */
  static final double JOB_DELAY_SECONDS = 1.0;

  /** Error rate in percent. */
  double errorRate() {
    return requests == 0 ? 0 : 100.0 * errors / requests;
  }

  /** The longest request, hung or not, in seconds. */
  double longestHangSeconds() {
    return Math.max(maxMillis / 1000.0, oldestHungSeconds);
  }

  static StackSummary of(
      Stack stack, StackRecorder r, long endNanos, long clearNanos, boolean listenerConnected) {
    Histogram h = r.totalLatency();
    double max = h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
    List<Long> hung = r.inFlightStarts();
    double oldest = 0;
    for (long start : hung) {
      oldest = Math.max(oldest, (endNanos - start) / 1e9);
    }
    List<StackRecorder.Gap> gaps = r.gaps();
    double gapTotal = 0;
    double gapMax = 0;
    for (StackRecorder.Gap g : gaps) {
      double len = (g.end() - g.start()) / 1e9;
      gapTotal += len;
      gapMax = Math.max(gapMax, len);
    }
    Histogram jobs = r.jobLatency();
    return new StackSummary(
        stack.name(),
        stack.description(),
        r.requests(),
        r.failed(),
        percentile(h, 50),
        percentile(h, 99),
        Math.max(max, oldest * 1000),
        hung.size(),
        oldest,
        r.failed(FailureKind.POOL_TIMEOUT),
        r.failed(FailureKind.FAST_FAIL),
        r.failed(FailureKind.CONNECT),
        r.failed(FailureKind.QUERY),
        gaps.size(),
        gapTotal,
        gapMax,
        listenerConnected,
        recoverSeconds(r.seconds(), clearNanos),
        r.jobsInserted(),
        r.jobsProcessed(),
        r.jobsDelayedOver((long) (JOB_DELAY_SECONDS * 1e9)),
        r.jobsInserted() - r.jobsProcessed(),
        percentile(jobs, 99),
        jobs.getTotalCount() == 0 ? 0 : jobs.getMaxValue() / 1000.0,
        gaps);
  }

  private static double percentile(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
  }

  /**
   * Seconds from {@code clearNanos} to the start of the first second from which on every second had
   * no error and a connected listener; -1 if there is none.
   */
  static double recoverSeconds(List<StackRecorder.Second> seconds, long clearNanos) {
    int clearIndex = (int) (clearNanos / 1_000_000_000L);
    Integer from = null;
    for (StackRecorder.Second s : seconds) {
      if (s.index() < clearIndex) {
        continue;
      }
      boolean good = s.errors() == 0 && s.listenerConnected();
      if (good && from == null) {
        from = s.index();
      } else if (!good) {
        from = null;
      }
    }
    return from == null ? -1 : Math.max(0, from - clearNanos / 1e9);
  }
}
