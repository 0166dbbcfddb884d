package dev.detour.examples.replay;

import dev.detour.core.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Everything measured about one stack during a replay: requests and their latency (HdrHistogram,
 * microseconds), failures, requests in flight, one {@link Second} per tick, jobs and listener gaps.
 * Thread-safe: workers, the listener and the ticking thread write concurrently.
 */
final class StackRecorder {

  /** The highest latency recorded exactly: one hour, in microseconds. */
  static final long HIGHEST_MICROS = 3_600_000_000L;

  private static final int MAX_FAILURES_KEPT = 100_000;

  private final String stack;
  private final Ticker ticker;
  private final long origin;
  private final Recorder interval = new Recorder(HIGHEST_MICROS, 3);
  private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<FailureKind, AtomicLong> byKind = new EnumMap<>(FailureKind.class);
  private final AtomicLong nextToken = new AtomicLong();
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
  private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<Second> seconds = Collections.synchronizedList(new ArrayList<>());
  private final Map<Long, Long> jobsInserted = new ConcurrentHashMap<>();
  private final Map<Long, Long> jobsProcessed = new ConcurrentHashMap<>();
  private final List<Gap> gaps = Collections.synchronizedList(new ArrayList<>());
  private long gapStart = -1; // guarded by gaps
  private long lastAlive = -1; // guarded by gaps
  private String gapReason = ""; // guarded by gaps
  private long lastRequests;
  private long lastFailed;

  StackRecorder(String stack, Ticker ticker, long origin) {
    this.stack = stack;
    this.ticker = ticker;
    this.origin = origin;
    for (FailureKind k : FailureKind.values()) {
      byKind.put(k, new AtomicLong());
    }
  }

  String stack() {
    return stack;
  }

  /** Nanoseconds since the replay began. */
  long now() {
    return ticker.nanoTime() - origin;
  }

  /** Registers a request that starts now; returns its token for {@link #end}. */
  long begin() {
    long token = nextToken.incrementAndGet();
    inFlight.put(token, now());
    return token;
  }

  /**
   * Records the end of request {@code token}.
   *
   * @param failure null when it succeeded
   * @param message the error text, or null
   */
  void end(long token, FailureKind failure, String message) {
    Long start = inFlight.remove(token);
    if (start == null) {
      return;
    }
    long end = now();
    long micros = Math.max(1, Math.min(HIGHEST_MICROS, (end - start) / 1_000));
    interval.recordValue(micros);
    requests.incrementAndGet();
    if (failure != null) {
      failed.incrementAndGet();
      byKind.get(failure).incrementAndGet();
      if (failures.size() < MAX_FAILURES_KEPT) {
        failures.add(new Failure(start, end, failure, message == null ? "" : message));
      }
    }
  }

  /** Returns the age of the oldest request in flight, in nanoseconds (0 if none). */
  long longestInFlight() {
    long now = now();
    long oldest = now;
    for (Long start : inFlight.values()) {
      oldest = Math.min(oldest, start);
    }
    return now - oldest;
  }

  /** Returns the start times of the requests still in flight. */
  List<Long> inFlightStarts() {
    return List.copyOf(inFlight.values());
  }

  /** Closes the current second: folds its latencies into the total and remembers the gauges. */
  Second tick(int index, Stack.PoolGauges pool, String listener, boolean listenerConnected) {
    Histogram h = interval.getIntervalHistogram();
    synchronized (total) {
      total.add(h);
    }
    long r = requests.get();
    long f = failed.get();
    Second s =
        new Second(
            index,
            r - lastRequests,
            f - lastFailed,
            h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0,
            h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0,
            longestInFlight() / 1e6,
            pool.active(),
            pool.waiting(),
            listener,
            listenerConnected);
    lastRequests = r;
    lastFailed = f;
    seconds.add(s);
    return s;
  }

  /** A copy of every request latency recorded up to the last tick, in microseconds. */
  Histogram totalLatency() {
    synchronized (total) {
      return total.copy();
    }
  }

  long requests() {
    return requests.get();
  }

  long failed() {
    return failed.get();
  }

  long failed(FailureKind kind) {
    return byKind.get(kind).get();
  }

  List<Failure> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  List<Second> seconds() {
    synchronized (seconds) {
      return List.copyOf(seconds);
    }
  }

  /** Records that job {@code id} was inserted at {@code at} (nanoseconds since the start). */
  void jobInserted(long id, long at) {
    jobsInserted.put(id, at);
  }

  /**
   * Records that job {@code id} was processed now (claimed by this stack's worker). The latency is
   * computed later: the notification can arrive before the producer has recorded the insert.
   */
  void jobProcessed(long id) {
    jobsProcessed.putIfAbsent(id, now());
  }

  int jobsInserted() {
    return jobsInserted.size();
  }

  int jobsProcessed() {
    return jobsProcessed.size();
  }

  /** Counts the processed jobs that waited longer than {@code nanos}. */
  long jobsDelayedOver(long nanos) {
    long n = 0;
    for (Map.Entry<Long, Long> e : jobsProcessed.entrySet()) {
      Long inserted = jobsInserted.get(e.getKey());
      if (inserted != null && e.getValue() - inserted > nanos) {
        n++;
      }
    }
    return n;
  }

  /** Returns the insert-to-processed latency of every processed job, in microseconds. */
  Histogram jobLatency() {
    Histogram h = new Histogram(HIGHEST_MICROS, 3);
    for (Map.Entry<Long, Long> e : jobsProcessed.entrySet()) {
      Long inserted = jobsInserted.get(e.getKey());
      if (inserted != null) {
        h.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, (e.getValue() - inserted) / 1_000)));
      }
    }
    return h;
  }

  /** Returns whether every inserted job has been processed. */
  boolean allJobsProcessed() {
    return jobsProcessed.keySet().containsAll(jobsInserted.keySet());
  }

  /** The listener's connection proved it was alive now: a gap found later starts here. */
  void listenerAlive() {
    synchronized (gaps) {
      lastAlive = now();
    }
  }

  /**
   * Starts a listener gap, unless one is open: at the connection's last proof of life, when there
   * was one since it connected, else now. A gap is the time nothing could be heard, not the time
   * since the loss was noticed.
   */
  void listenerLost(String reason) {
    synchronized (gaps) {
      if (gapStart < 0) {
        gapStart = lastAlive >= 0 ? lastAlive : now();
        gapReason = reason == null ? "" : reason;
      }
    }
  }

  /** Ends the open listener gap, if any; the new connection is a proof of life. */
  void listenerBack() {
    synchronized (gaps) {
      long now = now();
      if (gapStart >= 0) {
        gaps.add(new Gap(gapStart, now, gapReason));
        gapStart = -1;
      }
      lastAlive = now;
    }
  }

  /**
   * Moves the start of the open gap, or else of the last closed one, back to {@code start}
   * (nanoseconds since the replay began) if that is earlier.
   */
  void listenerGapBegan(long start) {
    synchronized (gaps) {
      if (gapStart >= 0) {
        gapStart = Math.min(gapStart, start);
      } else if (!gaps.isEmpty()) {
        Gap last = gaps.get(gaps.size() - 1);
        if (start < last.start()) {
          gaps.set(gaps.size() - 1, new Gap(start, last.end(), last.reason()));
        }
      }
    }
  }

  /** Returns the closed gaps, plus the open one (ending now, {@code open == true}) if any. */
  List<Gap> gaps() {
    synchronized (gaps) {
      List<Gap> out = new ArrayList<>(gaps);
      if (gapStart >= 0) {
        out.add(new Gap(gapStart, now(), gapReason + " (still down)"));
      }
      return out;
    }
  }

  /** One failed request; times are nanoseconds since the replay began. */
  record Failure(long start, long end, FailureKind kind, String message) {}

  /** One listener gap; times are nanoseconds since the replay began. */
  record Gap(long start, long end, String reason) {}

  /** One second of one stack, as printed and charted. Latencies in milliseconds. */
  record Second(
      int index,
      long requests,
      long errors,
      double p99Millis,
      double maxMillis,
      double longestInFlightMillis,
      int active,
      int waiting,
      String listener,
      boolean listenerConnected) {}
}
