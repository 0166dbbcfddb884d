package dev.detour.pool.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.detour.core.Durations;
import dev.detour.core.Ticker;
import dev.detour.router.Router;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * One borrow of the pool, from the fast-fail gate to the wrapper the caller holds, and the two
 * borrow errors ("database unreachable", "pool exhausted").
 *
 * <p>The healthy path: one volatile read of the gate, one registration as a waiter around Hikari's
 * own borrow (so that a fast-fail that opens meanwhile releases it), the tracker's lookup of the
 * physical connection, and the wrapper. Thread-safe.
 */
public final class BorrowLoop {

  private final PoolSettings settings;
  private final String hostPort;
  private final Router router;
  private final HikariDataSource hikari;
  private final HikariPool pool;
  private final ConnectionTracker tracker;
  private final FastFailGate gate;
  private final AcquireWaiters waiters;
  private final PoolMetrics metrics;
  private final LastErrors errors;
  private final Ticker ticker;
  private final long timeoutMillis;
  private final BorrowFailures.FailureSink sink = this::failedInUse;

  /**
   * @param hikari the pool's Hikari; its pool is borrowed from, and evicts what must not be handed
   *     out
   * @param errors where failures are recorded for {@link dev.detour.pool.PoolHealth}
   */
  public BorrowLoop(
      PoolSettings settings,
      Router router,
      HikariDataSource hikari,
      ConnectionTracker tracker,
      FastFailGate gate,
      AcquireWaiters waiters,
      PoolMetrics metrics,
      LastErrors errors,
      Ticker ticker) {
    this.settings = settings;
    this.hostPort = settings.host() + ":" + settings.port();
    this.router = router;
    this.hikari = hikari;
    this.pool = (HikariPool) hikari.getHikariPoolMXBean();
    this.tracker = tracker;
    this.gate = gate;
    this.waiters = waiters;
    this.metrics = metrics;
    this.errors = errors;
    this.ticker = ticker;
    this.timeoutMillis = settings.acquireTimeout().toMillis();
  }

  /** See {@link dev.detour.pool.DetourDataSource#getConnection()}. */
  public Connection borrow() throws SQLException {
    if (hikari.isClosed()) {
      throw new SQLException(settings.poolName() + ": the pool is closed", "08003");
    }
    String reason = gate.check();
    if (reason != null) {
      throw fastFail(reason);
    }
    long start = ticker.nanoTime();
    while (true) {
      long left = timeoutMillis - (ticker.nanoTime() - start) / 1_000_000;
      Connection c = null;
      SQLException failure = null;
      boolean released;
      AcquireWaiters.Waiter waiter = waiters.enter();
      try {
        // the gate may have opened between the check above and enter(): it sets its reason
        // before it releases the waiters, so one of the two sides sees the other
        reason = gate.check();
        if (reason == null) {
          c = pool.getConnection(Math.max(1, left));
        }
      } catch (SQLException e) {
        failure = e;
      } finally {
        released = waiters.leave(waiter); // the fast-fail opened while we waited
      }
      if (reason != null) {
        throw fastFail(reason);
      }
      if (c == null) {
        if (released) {
          reason = gate.check();
          if (reason != null) {
            throw fastFail(reason);
          }
          if (ticker.nanoTime() - start < timeoutMillis * 1_000_000L) {
            continue; // an address came back meanwhile: wait again for the time left
          }
          // woken, an address back, and no time left: an acquire timeout, not an interrupt
          throw acquireFailed(
              new SQLTransientConnectionException(
                  settings.poolName() + " - no connection within the acquire timeout", failure));
        }
        if (failure instanceof SQLTransientConnectionException timeout) {
          throw acquireFailed(timeout);
        }
        throw failure;
      }
      PhysicalConnection pc = tracker.borrowed(c);
      if (pc == null) {
        // forgotten by the tracker: its connection was closed by an eviction (never borrowed)
        hikari.evictConnection(c);
        continue;
      }
      if (pc.doomed() == null) {
        BorrowFailures failures = pc.failures();
        if (failures == null) { // one per physical connection: only its borrower gets here
          failures = new BorrowFailures(pc, sink, hostPort);
          pc.failures(failures);
        }
        return new DetourConnection(c, pc, tracker, failures);
      }
      hikari.evictConnection(c); // doomed while idle: never handed out
    }
  }

  private SQLException fastFail(String reason) {
    metrics.fastFail();
    return unreachable(reason, null);
  }

  private SQLException acquireFailed(SQLTransientConnectionException e) {
    String reason = gate.check();
    if (reason != null) {
      return unreachable(reason, e);
    }
    if (pool.getTotalConnections() < settings.maximumPoolSize()) {
      // the pool had room: connects failed or were too slow, nothing was held too long
      String connectError = errors.lastConnectError();
      return unreachable(
          "no connection made within the acquire timeout of "
              + Durations.format(settings.acquireTimeout())
              + (connectError == null ? "" : "; last connect error: " + connectError),
          e);
    }
    metrics.acquireFailed("exhausted");
    SQLException out =
        PoolErrors.exhausted(
            pool,
            settings.acquireTimeout(),
            tracker.inUse(),
            router.health(settings.host(), settings.port()),
            ticker,
            e);
    errors.failed(out.getMessage());
    return out;
  }

  private SQLException unreachable(String reason, Throwable cause) {
    metrics.acquireFailed("unreachable");
    SQLException out =
        PoolErrors.unreachable(
            settings.host(),
            settings.port(),
            router.health(settings.host(), settings.port()),
            reason,
            cause);
    errors.failed(out.getMessage());
    return out;
  }

  private void failedInUse(PhysicalConnection pc, Throwable ioCause, SQLException failure) {
    String reason = ioCause instanceof SocketTimeoutException ? "socket-timeout" : "io-failure";
    if (pc.doom(reason)) { // once per connection: later calls on it see the same broken socket
      router.reportFailure(settings.host(), settings.port(), pc.address(), ioCause);
      metrics.evicted(reason, 1);
    }
    errors.failed(failure.getMessage());
  }
}
