package dev.detour.router.jdbc.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import dev.detour.router.internal.HandshakeTimes;
import dev.detour.router.internal.HeardSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical connection of the {@code jdbc:detour:} driver, hedged against a handshake that
 * stalls (a proxy that accepts TCP and then never answers).
 *
 * <ol>
 *   <li>The primary connection runs on the caller's thread. When its socket is attached, a timer of
 *       one <em>hedge delay</em> starts ({@link HandshakeTimes}: about twice the p99 of the
 *       handshakes seen, clamped to [1 s, 4 s], 2 s with no history).
 *   <li>If the primary is not ready (TLS, startup, auth) when the timer fires, a second physical
 *       connection starts on a scheduler worker, with the primary's address tried last by the
 *       router. It shares the primary's deadline (the budget counts from the driver's call): a
 *       hedge whose task waited for a busy worker gets only what is left, never a fresh budget.
 *   <li>The first connection to become ready wins; the other one is closed without blame.
 *   <li>When the hedge wins while the primary's address has still sent nothing, that address is
 *       charged a handshake stall (its breaker opens). When it had answered (slow, not silent), or
 *       when both are slow, nobody is charged by the hedge; the budget's watchdog still bounds
 *       both.
 *   <li>When the primary fails while the hedge runs, the caller waits for the hedge, within the
 *       budget.
 * </ol>
 *
 * <p>At most one hedge per connection: one extra connection, never more. Thread-safe.
 */
public final class HandshakeHedge {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeHedge.class);

  /** Opens one physical connection through pgjdbc, with the token of {@code pending}. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens a connection.
     *
     * @param pending the pending connection whose token goes into the properties
     * @return the connection, or null if pgjdbc did not accept the URL
     * @throws SQLException as pgjdbc
     */
    Connection open(PendingConnection pending) throws SQLException;
  }

  /**
   * The connection that won.
   *
   * @param connection the open connection
   * @param pending its pending connection (ready, or for the caller to mark ready)
   * @param hedged whether the hedge won
   */
  public record Opened(Connection connection, PendingConnection pending, boolean hedged) {}

  private final RouterConfig config;
  private final Ticker ticker;
  private final Scheduler scheduler; // null: no hedge
  private final HandshakeTimes times;
  private final Opener opener;
  private final PendingConnection primary;
  private final CompletableFuture<Opened> hedgeResult = new CompletableFuture<>();

  // guarded by this
  private Cancellable timer;
  private PendingConnection hedge;
  private boolean primaryConnected;
  private Opened hedgeWon;

  /**
   * @param scheduler where the hedge's timer and connection run; null to never hedge
   * @param times the handshake times of the router
   * @param primary the pending connection of the caller's own connect
   */
  public HandshakeHedge(
      RouterConfig config,
      Ticker ticker,
      Scheduler scheduler,
      HandshakeTimes times,
      Opener opener,
      PendingConnection primary) {
    this.config = config;
    this.ticker = ticker;
    this.scheduler = config.handshakeHedge() ? scheduler : null;
    this.times = times;
    this.opener = opener;
    this.primary = primary;
  }

  /**
   * Opens the connection (see the class comment).
   *
   * @return the winner; its pending connection is marked ready
   * @throws SQLException the primary's failure when no hedge succeeded; the caller reports it
   */
  public Opened connect() throws SQLException {
    if (scheduler != null) {
      primary.onFirstAttach(this::arm);
    }
    Connection connection;
    try {
      connection = opener.open(primary);
    } catch (SQLException | RuntimeException | Error e) {
      Opened won = awaitHedge();
      if (won == null) {
        throw e;
      }
      // a no-op when the hedge won first (it already charged the primary, or not)
      primary.failed(e, ConnectFailures.blamesAddress(e, false));
      return won;
    }
    Opened won;
    synchronized (this) {
      primaryConnected = connection != null;
      cancelTimer();
      won = hedgeWon;
    }
    if (won != null && connection != null) {
      closeQuietly(connection); // the hedge was ready first; this one was too late
      return won;
    }
    stopHedge();
    if (connection != null && primary.isOpening()) {
      times.record(primary.handshakeNanos());
    }
    return new Opened(connection, primary, false);
  }

  private void arm(RoutedSocket socket) {
    long delay = times.hedgeDelayNanos();
    if (primary.remainingBudget().toNanos() <= delay) {
      return; // no time left for a second connection
    }
    synchronized (this) {
      if (primaryConnected || timer != null) {
        return;
      }
      try {
        timer = scheduler.schedule(() -> startHedge(delay), delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // router closing: no hedge
      }
    }
  }

  private void startHedge(long delayNanos) {
    PendingConnection h;
    RoutedSocket stalled = primary.current().orElse(null);
    synchronized (this) {
      timer = null;
      if (primaryConnected || hedge != null || !primary.isOpening() || stalled == null) {
        return;
      }
      Duration left = primary.remainingBudget();
      if (left.isNegative() || left.isZero()) {
        return;
      }
      h =
          PendingConnections.openHedge(
              config, ticker, primary.deadlineNanos(), hedgeAvoids(stalled.address()));
      hedge = h;
    }
    LOG.debug(
        "{}: handshake not ready within the {} hedge delay: opening a second connection",
        stalled,
        Durations.formatNanos(delayNanos));
    try {
      scheduler.execute(() -> runHedge(h));
    } catch (RejectedExecutionException e) {
      PendingConnections.close(h);
      hedgeResult.complete(null);
    }
  }

  /** The stalled address, and whatever the primary was asked to try last, for the hedge. */
  private Set<InetSocketAddress> hedgeAvoids(InetSocketAddress stalled) {
    if (primary.avoid().isEmpty()) {
      return Set.of(stalled);
    }
    Set<InetSocketAddress> all = new HashSet<>(primary.avoid());
    all.add(stalled);
    return all;
  }

  private void runHedge(PendingConnection h) {
    try {
      Connection c = opener.open(h);
      if (c == null) {
        hedgeResult.complete(null);
        return;
      }
      boolean won;
      synchronized (this) {
        won = !primaryConnected;
        if (won) {
          hedgeWon = new Opened(c, h, true);
        }
      }
      long handshake = h.handshakeNanos();
      h.ready();
      if (!won) {
        closeQuietly(c);
        hedgeResult.complete(null);
        return;
      }
      times.record(handshake);
      stopPrimary(h);
      hedgeResult.complete(hedgeWon);
    } catch (SQLException | RuntimeException e) {
      h.failed(e, ConnectFailures.blamesAddress(e, false));
      hedgeResult.complete(null);
    } catch (Error e) {
      h.failed(e, true);
      hedgeResult.complete(null);
      throw e;
    } finally {
      PendingConnections.close(h);
    }
  }

  /** The hedge won: closes the primary's socket, charging a stall if its address was silent. */
  private void stopPrimary(PendingConnection winner) {
    RoutedSocket stalled = primary.current().orElse(null);
    if (stalled == null) {
      primary.failed(new IOException("a hedge connection was ready first"), false);
      return;
    }
    boolean silent = stalled.socket() instanceof HeardSocket hs && !hs.heard();
    String winnerAddress = winner.current().map(r -> r.address().toString()).orElse("?");
    if (silent) {
      primary.failed(
          new SocketTimeoutException(
              "handshake stalled: nothing received in "
                  + Durations.formatNanos(primary.handshakeNanos())
                  + " while a hedge connection to "
                  + winnerAddress
                  + " was ready"),
          true);
    } else {
      primary.failed(new IOException("a hedge connection was ready first"), false);
    }
  }

  /** The primary won or gave up before a hedge started: stops the hedge without blame. */
  private void stopHedge() {
    PendingConnection h;
    synchronized (this) {
      cancelTimer();
      h = hedge;
    }
    if (h != null) {
      h.failed(new IOException("the first connection was ready first"), false);
    }
  }

  /** Waits for a running hedge after the primary failed; returns its winner or null. */
  private Opened awaitHedge() {
    synchronized (this) {
      cancelTimer();
      if (hedge == null) {
        return null;
      }
    }
    // the hedge shares the primary's deadline, and its own watchdog closes it there; the grace lets
    // pgjdbc report that
    long waitNanos = Math.max(0, primary.remainingBudget().toNanos()) + GRACE_NANOS;
    try {
      return hedgeResult.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // no winner within the budget
    }
    stopHedge();
    return null;
  }

  /**
   * How long past the deadline the caller waits for a hedge's own failure to arrive: 200 ms. With
   * the watchdog's timer slack (at most 67 ms, see core's {@code Scheduler.system}), a driver
   * connect returns or fails within {@link #BOUND_SLACK} of its budget.
   */
  private static final long GRACE_NANOS = 200_000_000L;

  /**
   * How far past its budget a {@code jdbc:detour:} connect may return or fail, counted from the
   * driver's call: the hedge grace (200 ms) plus the watchdog's timer slack (67 ms), rounded up to
   * 300 ms.
   */
  public static final Duration BOUND_SLACK = Duration.ofMillis(300);

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // unusable anyway
    }
  }
}
