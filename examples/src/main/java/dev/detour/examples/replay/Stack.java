package dev.detour.examples.replay;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One of the two stacks the replay compares, as the workload sees it: a pool to borrow from, a
 * listener that feeds a job worker, and the gauges the live progress prints.
 *
 * <p>Implementations are thread-safe. {@link #close()} returns within a few seconds whatever the
 * network does: threads it cannot stop are daemons and are left behind.
 */
interface Stack extends AutoCloseable {

  /** Returns the short name printed in the progress lines and reports. */
  String name();

  /** Returns a one-line description of what this stack is made of. */
  String description();

  /**
   * Starts the pool and the listener. The listener hands every notified job id to {@code jobs}, and
   * asks it to catch up after a resync (if this stack knows about resyncs).
   */
  void start(JobWorker jobs) throws Exception;

  /** Borrows a connection from the pool, as a request handler does. */
  Connection borrow() throws SQLException;

  /** Classifies a failure to borrow that took {@code elapsedNanos}. */
  FailureKind classifyBorrowFailure(SQLException e, long elapsedNanos);

  /** Returns the pool's counts now. */
  PoolGauges pool();

  /** Returns the listener's state now, as short text. */
  String listenerState();

  /** Returns whether the listener is connected and listening now. */
  boolean listenerConnected();

  /** Returns the address the listener's connection is on, if known. */
  Optional<InetAddress> listenerAddress();

  /** Closes the pool and the listener, within a few seconds. */
  @Override
  void close();

  /** A pool's counts at one moment. */
  record PoolGauges(int active, int idle, int waiting, int total) {

    /** Hikari's live counts; all zero while there is no pool yet. */
    static PoolGauges of(com.zaxxer.hikari.HikariPoolMXBean mx) {
      if (mx == null) {
        return new PoolGauges(0, 0, 0, 0);
      }
      return new PoolGauges(
          mx.getActiveConnections(),
          mx.getIdleConnections(),
          mx.getThreadsAwaitingConnection(),
          mx.getTotalConnections());
    }
  }
}
