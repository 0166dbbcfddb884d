package dev.detour.bench.suite;

import dev.detour.bench.peers.Attempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One client in one scenario: its successes, failures and hung attempts, and the latency of every
 * attempt in an HdrHistogram (microseconds, 3 significant digits). A hung attempt is recorded at
 * the deadline, which is a lower bound of its real time. A row may instead be <em>absent</em> (the
 * client is not on this machine) or <em>not applicable</em>, with the reason: it is never left out.
 */
public final class ResultRow {

  private static final long MAX_MICROS = 600_000_000L;

  final String scenario;
  final String client;
  final Histogram micros = new Histogram(MAX_MICROS, 3);
  final List<Long> samplesNanos = new ArrayList<>();
  int ok;
  int failed;
  int hung;
  long deadlineNanos;
  String lastFailure = "";
  String note = "";
  String absentReason = "";
  private double[] summaryMs;

  ResultRow(String scenario, String client) {
    this.scenario = scenario;
    this.client = client;
  }

  /** Records one attempt. */
  void record(Attempt a, long deadlineNanos) {
    micros.recordValue(Math.max(1, Math.min(MAX_MICROS, a.nanos() / 1_000)));
    samplesNanos.add(a.nanos());
    switch (a.outcome()) {
      case OK -> ok++;
      case FAILED -> {
        failed++;
        lastFailure = a.detail();
      }
      case HUNG -> {
        hung++;
        this.deadlineNanos = deadlineNanos;
      }
    }
  }

  /**
   * Adds successes measured elsewhere as a histogram of microseconds (a section that keeps its own
   * histograms, such as the listener's delivery latencies). Their samples are not kept one by one.
   */
  void addSuccesses(Histogram microsHistogram) {
    micros.add(microsHistogram);
    ok += (int) microsHistogram.getTotalCount();
  }

  /** Adds attempts measured elsewhere as a histogram of microseconds, with their counts. */
  void addMicros(Histogram microsHistogram, int okCount, int failedCount) {
    micros.add(microsHistogram);
    ok += okCount;
    failed += failedCount;
  }

  /**
   * Adds requests measured elsewhere as a histogram of nanoseconds (successes and failures
   * together, as a load section records them), with their counts.
   */
  void addNanos(Histogram nanos, long okCount, long failedCount) {
    for (HistogramIterationValue v : nanos.recordedValues()) {
      long value = Math.max(1, Math.min(MAX_MICROS, v.getValueIteratedTo() / 1_000));
      micros.recordValueWithCount(value, v.getCountAtValueIteratedTo());
    }
    ok += (int) okCount;
    failed += (int) failedCount;
  }

  /**
   * Sets the row from a summary measured elsewhere (a report with counts and percentiles but no
   * samples, such as the incident replay's).
   */
  void summary(long okCount, long failedCount, double p50Ms, double p99Ms, double maxMs) {
    ok = (int) okCount;
    failed = (int) failedCount;
    summaryMs = new double[] {p50Ms, p99Ms, maxMs};
  }

  /** Marks the row as not measured, with the reason shown in its place. */
  ResultRow absent(String reason) {
    this.absentReason = reason;
    return this;
  }

  ResultRow note(String text) {
    this.note = text;
    return this;
  }

  boolean measured() {
    return absentReason.isEmpty();
  }

  int count() {
    return ok + failed + hung;
  }

  double ms(double percentile) {
    if (summaryMs != null) {
      return percentile == 50 ? summaryMs[0] : percentile == 99 ? summaryMs[1] : Double.NaN;
    }
    return micros.getValueAtPercentile(percentile) / 1000.0;
  }

  double meanMs() {
    return summaryMs != null ? Double.NaN : micros.getMean() / 1000.0;
  }

  double maxMs() {
    return summaryMs != null ? summaryMs[2] : micros.getMaxValue() / 1000.0;
  }

  /** The samples recorded one by one (not those added as a histogram). */
  long[] samples() {
    return samplesNanos.stream().mapToLong(Long::longValue).toArray();
  }

  /** "hung past 20 s" when any attempt hung, else empty. */
  String hungText() {
    return hung == 0
        ? ""
        : String.format(Locale.ROOT, "%d hung past %.0f s", hung, deadlineNanos / 1e9);
  }

  /** A figure for a table: "≥" before it when a hung attempt makes it a lower bound. */
  String figure(double ms) {
    String value = ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : fmtMs(ms);
    return hung > 0 && ms * 1e6 >= deadlineNanos * 0.999 ? "≥ " + value : value;
  }

  private static String fmtMs(double ms) {
    return ms >= 100
        ? String.format(Locale.ROOT, "%.0f ms", ms)
        : String.format(Locale.ROOT, "%.2f ms", ms);
  }
}
