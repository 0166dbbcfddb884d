package dev.detour.bench.listener;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one run of {@link ListenerBench} measured, in microseconds: delivery latency per rate for
 * Detour's listener and the bare loop, and the detection and resync times after kills and stalls.
 * Filled by one thread, then read.
 */
public final class ListenerFigures {

  private final Map<Integer, Histogram> detour = new TreeMap<>();
  private final Map<Integer, Histogram> bare = new TreeMap<>();

  /** Kill: to the DISCONNECTED state. */
  public final Histogram killDetect = histogram();

  /** Kill: to the RECONNECTED resync in the handler. */
  public final Histogram killResync = histogram();

  /** Silent stall: to the DISCONNECTED state. */
  public final Histogram stallDetect = histogram();

  /** Silent stall: to the RECONNECTED resync in the handler. */
  public final Histogram stallResync = histogram();

  /** Per rate: the sender's achieved rates and the ratios, pooled and per half of the run. */
  final Map<Integer, String> deliveryNotes = new TreeMap<>();

  String table = "";

  ListenerFigures() {}

  /**
   * Detour's delivery latency at {@code rate} notifications/s (empty if not run).
   *
   * @param rate notifications per second
   * @return the histogram
   */
  public Histogram detourDelivery(int rate) {
    return detour.computeIfAbsent(rate, r -> histogram());
  }

  /**
   * The bare loop's delivery latency at {@code rate} notifications/s (empty if not run).
   *
   * @param rate notifications per second
   * @return the histogram
   */
  public Histogram bareDelivery(int rate) {
    return bare.computeIfAbsent(rate, r -> histogram());
  }

  /**
   * The sender's achieved rates and the Detour/bare ratios at {@code rate}, pooled and per half of
   * the run (empty if not run).
   *
   * @param rate notifications per second
   * @return one line
   */
  public String deliveryNote(int rate) {
    return deliveryNotes.getOrDefault(rate, "");
  }

  /**
   * The table the benchmark prints.
   *
   * @return the table
   */
  public String table() {
    return table;
  }

  static Histogram histogram() {
    return new Histogram(60_000_000L, 3);
  }

  /** Converts nanoseconds to the histograms' microseconds, within their range. */
  static long micros(long nanos) {
    return Math.max(1, Math.min(60_000_000L, nanos / 1000));
  }
}
