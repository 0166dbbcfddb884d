package dev.detour.pool.internal;

import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.router.AddressHealth;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts borrowed connections that sit on an address whose breaker opened for a timeout or a stall
 * ({@code detour.pool.stalledBorrowAbort}): the router's failure kind {@link
 * AddressHealth.FailureKind#TIMED_OUT} or {@link AddressHealth.FailureKind#STALLED}, never a match
 * on the reason's text.
 *
 * <p>A silent proxy keeps TCP alive, so a borrowed connection on it is only freed by the pooled
 * socket timeout (30 s by default); meanwhile its slot is lost and new borrowers see "pool
 * exhausted" although healthy addresses remain. Once the router has opened such an address's
 * breaker, a borrow on it that has lasted at least the threshold is aborted: the connection is
 * doomed and its socket closed, so its query fails at once (with an error naming the address, see
 * {@link DetourConnection}) and its slot frees for a connection on a healthy address. Younger
 * borrows on the address are looked at again when they reach the threshold, while the address stays
 * open. The trade-off: a long healthy query on an address whose breaker opened is cut.
 *
 * <p>{@link #breakerOpened} and {@link #breakerClosed} only record and hand off: the sweep and the
 * aborts run on the pool's own scheduler (one named daemon thread), never on the router's thread.
 * Thread-safe.
 */
public final class StalledBorrowAborter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StalledBorrowAborter.class);

  private final ConnectionTracker tracker;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final long thresholdNanos;
  private final PoolMetrics metrics;

  /** Addresses whose breaker is open for a timeout or stall, with the breaker's reason. */
  private final Map<InetSocketAddress, String> stalled = new ConcurrentHashMap<>();

  /**
   * Creates an aborter; it does nothing until a breaker opens.
   *
   * @param tracker the pool's connections
   * @param scheduler runs the sweeps and aborts (one named daemon thread); owned, closed by {@link
   *     #close()}
   * @param threshold how long a borrow must have lasted to be aborted; must be positive
   * @param metrics counts the aborts as evictions, reason {@code stalled-borrow-abort}
   */
  public StalledBorrowAborter(
      ConnectionTracker tracker, Scheduler scheduler, Duration threshold, PoolMetrics metrics) {
    this.tracker = tracker;
    this.scheduler = scheduler;
    this.ticker = scheduler.ticker();
    this.thresholdNanos = threshold.toNanos();
    this.metrics = metrics;
  }

  /** Returns whether a breaker opened for a failure of {@code kind} points at a stall. */
  static boolean isTimeoutOrStall(AddressHealth.FailureKind kind) {
    return kind != null && kind.isSilence();
  }

  /**
   * The breaker of {@code address} opened for a failure of {@code kind} (null if none), described
   * by {@code reason}; quick, never blocks.
   */
  public void breakerOpened(
      InetSocketAddress address, AddressHealth.FailureKind kind, String reason) {
    if (!isTimeoutOrStall(kind)) {
      return;
    }
    if (stalled.put(address, reason) == null) {
      submit(() -> sweep(address), 0);
    }
  }

  /** The breaker of {@code address} closed: its borrows are left alone again. */
  public void breakerClosed(InetSocketAddress address) {
    stalled.remove(address);
  }

  /** Aborts the old borrows on {@code address}; schedules a look at the younger ones. */
  void sweep(InetSocketAddress address) {
    String reason = stalled.get(address);
    if (reason == null) {
      return; // closed since
    }
    long now = ticker.nanoTime();
    long nextNanos = Long.MAX_VALUE;
    int aborted = 0;
    for (PhysicalConnection pc : tracker.inUse()) {
      if (!pc.address().equals(address)) {
        continue;
      }
      long age = now - pc.borrowedAtNanos();
      if (age < thresholdNanos) {
        nextNanos = Math.min(nextNanos, thresholdNanos - age);
        continue;
      }
      if (abort(pc, age, reason)) {
        aborted++;
      }
    }
    if (aborted > 0) {
      metrics.evicted("stalled-borrow-abort", aborted);
      LOG.warn(
          "{}: aborted {} borrowed connection(s) older than {} (breaker open: {})",
          address,
          aborted,
          Durations.formatNanos(thresholdNanos),
          reason);
    }
    if (nextNanos != Long.MAX_VALUE) {
      submit(() -> sweep(address), nextNanos);
    } else {
      // nothing young left; a later borrow on it cannot happen (the address is evicted), but a
      // borrow that raced the eviction is caught by the next look, one threshold from now
      submit(() -> sweep(address), thresholdNanos);
    }
  }

  private boolean abort(PhysicalConnection pc, long ageNanos, String reason) {
    boolean first =
        pc.markAborted(
            "aborted by the pool: borrowed for "
                + Durations.formatNanos(ageNanos)
                + " on an address whose breaker opened ("
                + reason
                + "); detour.pool.stalledBorrowAbort="
                + Durations.formatNanos(thresholdNanos));
    if (!first) {
      return false; // aborted before: its borrower has not returned it yet
    }
    try {
      // pgjdbc closes the socket on the executor given; we are already on the pool's own thread
      pc.raw().abort(Runnable::run);
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.debug("aborting {} failed", pc, e);
      return false;
    }
  }

  private void submit(Runnable task, long delayNanos) {
    try {
      scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the pool is closing: its connections are closed anyway
    }
  }

  /** Stops the sweeps and ends the thread. */
  @Override
  public void close() {
    stalled.clear();
    scheduler.close();
  }
}
