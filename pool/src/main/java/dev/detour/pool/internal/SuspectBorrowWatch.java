package dev.detour.pool.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.router.Router;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the router to check an address when a connection on it has been borrowed for half the {@code
 * detour.pool.stalledBorrowAbort} threshold ({@link Router#suspect}).
 *
 * <p>Why: when a proxy accepts and then goes silent, a borrowed connection on it looks exactly like
 * a long query, and while every pooled connection sits on such addresses nothing new connects, so
 * the router learns nothing until the pooled socket timeout fires (30 s by default); borrowers
 * meanwhile see "pool exhausted" although healthy addresses remain. The router's check is one
 * handshake-level probe of the address: if it times out, the breaker opens, idle connections on it
 * are evicted, and {@link StalledBorrowAborter} aborts the borrows on it that reached the
 * threshold, so their slots refill on healthy addresses. Checking at half the threshold lets the
 * probe (up to {@code detour.router.probeTimeout}) finish about when the borrow reaches it.
 *
 * <p>Cost: while borrows outlast half the threshold, one probe (a TCP connect and an 8-byte
 * SSLRequest) per address per threshold; a passing probe changes nothing.
 *
 * <p>One periodic look at the borrowed connections, every quarter of the threshold (at least 50 ms,
 * at most 1 s), on the pool's stall thread. Thread-safe.
 */
public final class SuspectBorrowWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SuspectBorrowWatch.class);
  private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ConnectionTracker tracker;
  private final Router router;
  private final String host;
  private final int port;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final long thresholdNanos;
  private final long suspectAfterNanos;
  private final long periodNanos;

  /** When each address may be checked again; touched on the scheduler thread only. */
  private final Map<InetSocketAddress, Long> nextCheck = new HashMap<>();

  private volatile boolean closed;
  private volatile Cancellable next;

  /**
   * Creates a watch; {@link #start()} begins it.
   *
   * @param tracker the pool's connections
   * @param router the router that checks
   * @param host the pool's host
   * @param port the pool's port
   * @param scheduler the pool's stall thread; not owned
   * @param threshold {@code detour.pool.stalledBorrowAbort}; positive
   */
  public SuspectBorrowWatch(
      ConnectionTracker tracker,
      Router router,
      String host,
      int port,
      Scheduler scheduler,
      Duration threshold) {
    this.tracker = tracker;
    this.router = router;
    this.host = host;
    this.port = port;
    this.scheduler = scheduler;
    this.ticker = scheduler.ticker();
    this.thresholdNanos = threshold.toNanos();
    this.suspectAfterNanos = thresholdNanos / 2;
    this.periodNanos = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, thresholdNanos / 4));
  }

  /** Starts the periodic look. */
  public void start() {
    schedule();
  }

  /** One look: asks for a check of each address with a borrow older than half the threshold. */
  void look() {
    if (closed) {
      return;
    }
    try {
      long now = ticker.nanoTime();
      for (PhysicalConnection pc : tracker.inUse()) {
        long age = now - pc.borrowedAtNanos();
        if (age < suspectAfterNanos || pc.doomed() != null) {
          continue;
        }
        InetSocketAddress address = pc.address();
        Long allowed = nextCheck.get(address);
        if (allowed != null && now - allowed < 0) {
          continue;
        }
        nextCheck.put(address, now + thresholdNanos);
        boolean started =
            router.suspect(
                host,
                port,
                address,
                "a pooled connection on it borrowed "
                    + Durations.formatNanos(age)
                    + " ago (detour.pool.stalledBorrowAbort="
                    + Durations.formatNanos(thresholdNanos)
                    + ")");
        if (started) {
          LOG.debug(
              "{}: asked the router to check it (a borrow of {})",
              address,
              Durations.formatNanos(age));
        }
      }
      nextCheck.values().removeIf(t -> now - t > thresholdNanos); // forget quiet addresses
    } catch (RuntimeException e) {
      LOG.warn("looking at borrowed connections failed; trying again", e);
    } finally {
      schedule();
    }
  }

  private void schedule() {
    if (closed) {
      return;
    }
    try {
      next = scheduler.schedule(this::look, periodNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the pool is closing
    }
  }

  /** Stops the look; the scheduler belongs to the caller. */
  @Override
  public void close() {
    closed = true;
    Cancellable n = next;
    if (n != null) {
      n.cancel();
    }
  }
}
