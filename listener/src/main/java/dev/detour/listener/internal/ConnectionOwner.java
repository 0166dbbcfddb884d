package dev.detour.listener.internal;

import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.core.TickerClock;
import dev.detour.listener.ListenerException;
import dev.detour.listener.ListenerMetrics;
import dev.detour.listener.ListenerState;
import dev.detour.listener.Notification;
import dev.detour.listener.Resync;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the listener's connection (pgjdbc's notification wait holds the
 * connection's lock, so nothing else may use it).
 *
 * <ol>
 *   <li>Open a connection (through the router), autocommit, with a socket read timeout of {@code
 *       heartbeatTimeout} on every statement.
 *   <li>{@code LISTEN} every channel in one round trip; queue a RECONNECTED resync for every live
 *       subscription and an INITIAL one for every new subscription, before queueing any
 *       notification of this connection. On the first connection, first check that a {@code
 *       pg_notify} comes back.
 *   <li>Loop: apply subscription changes ({@code LISTEN}/{@code UNLISTEN}); run the heartbeat when
 *       due; wait for notifications with {@code getNotifications(positive timeout)}, at most until
 *       the next heartbeat, and queue them for dispatch. Each statement's read timeout ends by the
 *       connection's deadline ({@link Liveness}): a silent connection is declared lost at most
 *       {@code heartbeatInterval + heartbeatTimeout} after its last bytes.
 *   <li>On a loss: classify it, charge the address when it is to blame, back off (Failsafe) and go
 *       to 1. Authentication and unknown-database errors end in FAILED.
 * </ol>
 */
public final class ConnectionOwner implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionOwner.class);

  /**
   * The read timeout of the check that runs when the router finds the connection's address silent
   * (or less, when the connection's own deadline comes sooner): a live server answers a heartbeat
   * in milliseconds, and a wrong suspicion costs one reconnect and a resync, never a notification.
   */
  static final Duration SUSPECT_CHECK_TIMEOUT = Duration.ofSeconds(1);

  private final String name;
  private final ListenerConfig config;
  private final ConnectionSource source;
  private final Subscriptions subscriptions;
  private final Dispatcher dispatcher;
  private final StateTracker state;
  private final ListenerMetrics metrics;
  private final Backoff backoff;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final TickerClock clock;
  private final SelfCheck selfCheck;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Waits waits;
  private volatile boolean closing;
  private volatile boolean dirty = true;
  private volatile ConnectionSource.Opened current;
  private volatile boolean suspected; // the router found the current address silent
  private volatile Throwable lastFailure;

  private final ConnectionHealth health;

  /** Creates the owner; run it on its own thread. */
  public ConnectionOwner(
      String name,
      ListenerConfig config,
      ConnectionSource source,
      Subscriptions subscriptions,
      Dispatcher dispatcher,
      StateTracker state,
      ListenerMetrics metrics,
      Scheduler scheduler,
      TickerClock clock) {
    this.name = name;
    this.config = config;
    this.source = source;
    this.subscriptions = subscriptions;
    this.dispatcher = dispatcher;
    this.state = state;
    this.metrics = metrics;
    this.scheduler = scheduler;
    this.ticker = scheduler.ticker();
    this.clock = clock;
    this.selfCheck = new SelfCheck(name, config.heartbeatTimeout(), ticker);
    this.waits = new Waits(scheduler);
    this.health = new ConnectionHealth(ticker, clock);
    this.backoff =
        new Backoff(
            config.reconnectInitialDelay(),
            config.reconnectMaxDelay(),
            config.reconnectMultiplier(),
            config.reconnectJitter(),
            config.reconnectResetAfter(),
            ticker);
  }

  /** Completes when the first connection listens (and passed the self-check). */
  public CompletableFuture<Void> started() {
    return started;
  }

  /** Returns the last failure seen, or null. */
  public Throwable lastFailure() {
    return lastFailure;
  }

  /**
   * The router found {@code address} silent (see {@link SilenceWatch}): if the current connection
   * is on it, the connection thread checks it at once, within {@link #SUSPECT_CHECK_TIMEOUT},
   * instead of at its next heartbeat. Returns at once; called on the router's thread.
   */
  void suspect(InetSocketAddress address) {
    ConnectionSource.Opened c = current;
    if (c != null && address.equals(c.address())) {
      suspected = true;
    }
  }

  /** Called when a subscription is added or removed. */
  public void subscriptionsChanged() {
    dirty = true;
  }

  @Override
  public void run() {
    boolean everConnected = false;
    source.watchSilence(this::suspect);
    try {
      while (!closing) {
        ConnectionSource.Opened opened = null;
        try {
          opened = source.open();
          current = opened;
          if (closing) {
            break;
          }
          Connection c = opened.connection();
          Liveness live =
              new Liveness(
                  ticker,
                  config.heartbeatEnabled(),
                  config.heartbeatInterval(),
                  config.heartbeatTimeout());
          c.setAutoCommit(true);
          c.setNetworkTimeout(Runnable::run, live.armNow());
          PGConnection pg = c.unwrap(PGConnection.class);
          boolean checking = !started.isDone() && config.selfCheck();
          Set<String> listened = listenAll(c, checking);
          // the self-check comes before the connection counts as connected, so that a connection
          // that cannot deliver notifications never reports CONNECTED or completes a ready();
          // what it read meanwhile is queued after the resyncs, as the contract wants
          PGNotification[] early = checking ? selfCheck.run(c, pg) : null;
          live.proofOfLife();
          health.connected(opened.address(), everConnected);
          state.set(new ListenerState.Connected(opened.address()));
          metrics.connected(opened.address());
          backoff.connected();
          queueResyncs(listened, everConnected);
          everConnected = true;
          deliver(early, live);
          started.complete(null);
          serve(c, pg, listened, live);
        } catch (Throwable t) {
          if (closing) {
            break;
          }
          if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
          }
          lost(opened, t, everConnected);
        } finally {
          closeQuietly(opened);
          current = null;
        }
      }
    } catch (Throwable t) {
      LOG.error("{}: connection thread failed", name, t);
      fail(t);
    } finally {
      source.stopWatching();
      finished.countDown();
    }
  }

  private void lost(ConnectionSource.Opened opened, Throwable t, boolean everConnected)
      throws InterruptedException {
    lastFailure = t;
    LossCause cause = t instanceof SelfCheck.Failed ? LossCause.FATAL : LossCause.of(t);
    health.lost();
    if (cause != LossCause.FATAL) {
      // declared first: the router's bookkeeping below must not delay the state change
      state.set(new ListenerState.Disconnected(t));
    }
    if (opened != null && cause.blamesAddress() && !(t instanceof Liveness.Overdue)) {
      source.reportLoss(opened, t);
    }
    metrics.disconnected(cause.tag());
    if (cause == LossCause.FATAL) {
      fail(t instanceof SelfCheck.Failed ? t.getCause() : t);
      closing = true;
      return;
    }
    Duration delay = backoff.nextDelay(t);
    LOG.info(
        "{}: {} ({}); reconnecting in {} ms",
        name,
        everConnected ? "connection lost" : "cannot connect",
        t.toString(),
        delay.toMillis());
    state.set(new ListenerState.Reconnecting(backoff.attempt(), delay));
    waits.await(delay, () -> closing);
  }

  private void fail(Throwable t) {
    ListenerException failure =
        t instanceof ListenerException
            ? (ListenerException) t
            : new ListenerException(name + ": failed for good: " + t.getMessage(), t);
    state.set(new ListenerState.Failed(failure));
    started.completeExceptionally(failure);
    subscriptions.closeAll(failure);
  }

  private Set<String> listenAll(Connection c, boolean withSelfCheck) throws SQLException {
    dirty = false;
    Set<String> channels = subscriptions.channels();
    Set<String> all = new TreeSet<>(channels);
    if (withSelfCheck) {
      all.add(selfCheck.channel());
    }
    if (!all.isEmpty()) {
      try (Statement s = c.createStatement()) {
        s.execute(ListenSql.listen(all)); // one round trip for every channel
      }
    }
    return new HashSet<>(channels);
  }

  private void queueResyncs(Set<String> listened, boolean reconnect) {
    long nowNanos = ticker.nanoTime();
    Instant now = clock.instantAt(nowNanos);
    if (reconnect) {
      Duration gap = Duration.ofNanos(nowNanos - health.lastAliveNanos());
      for (String ch : new TreeSet<>(listened)) {
        dispatcher.resync(Resync.reconnected(ch, health.lastAliveAt(), now, gap), null);
      }
    }
    markNewSubscriptionsLive(listened, now);
    health.alive();
  }

  private void markNewSubscriptionsLive(Set<String> listened, Instant now) {
    for (ListenerSubscription s : subscriptions.all()) {
      if (s.liveSince() < 0 && s.isOpen() && listened.contains(s.channel())) {
        dispatcher.resync(Resync.initial(s.channel(), now), s);
      }
    }
  }

  /**
   * Serves the connection until a loss or a close. Every statement's read ends by the deadline of
   * {@link Liveness} (the last proof of life + interval + timeout), so a silent connection is
   * declared lost by then.
   */
  private void serve(Connection c, PGConnection pg, Set<String> listened, Liveness live)
      throws SQLException {
    long poll = config.pollInterval().toNanos();
    while (!closing) {
      if (dirty) {
        sync(c, listened, live);
      }
      long now = ticker.nanoTime();
      if (suspected) {
        suspected = false;
        LOG.info(
            "{}: the router found {} silent: checking the LISTEN connection now (within {} ms)",
            name,
            current == null ? "its address" : current.address(),
            SUSPECT_CHECK_TIMEOUT.toMillis());
        heartbeat(c, live, live.armWithin(SUSPECT_CHECK_TIMEOUT.toNanos()));
        now = ticker.nanoTime();
      } else if (live.heartbeatDueAt(now)) {
        heartbeat(c, live, live.armNow());
        now = ticker.nanoTime();
      }
      deliver(pg.getNotifications(Waits.millis(live.waitNanos(now, poll))), live);
    }
    unlistenAll(c, listened);
  }

  /** Queues the notifications of one read for dispatch, all at once. */
  private void deliver(PGNotification[] ns, Liveness live) {
    if (ns == null || ns.length == 0) {
      return;
    }
    live.proofOfLife();
    Instant at = clock.instant();
    health.notificationsArrived();
    List<Notification> batch = new ArrayList<>(ns.length);
    for (PGNotification n : ns) {
      metrics.received(n.getName());
      String payload = n.getParameter() == null ? "" : n.getParameter();
      batch.add(new Notification(n.getName(), payload, n.getPID(), at));
    }
    dispatcher.notifications(batch);
  }

  private void sync(Connection c, Set<String> listened, Liveness live) throws SQLException {
    dirty = false;
    Set<String> desired = subscriptions.channels();
    String sql = ListenSql.changes(desired, listened);
    if (!sql.isEmpty()) {
      c.setNetworkTimeout(Runnable::run, live.armNow());
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      live.proofOfLife();
      health.alive();
      listened.clear();
      listened.addAll(desired);
    }
    markNewSubscriptionsLive(listened, clock.instant());
  }

  private void heartbeat(Connection c, Liveness live, int readTimeoutMillis) throws SQLException {
    c.setNetworkTimeout(Runnable::run, readTimeoutMillis);
    long start = ticker.nanoTime();
    double usage;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_notification_queue_usage()")) {
      rs.next();
      usage = rs.getDouble(1);
    }
    live.heartbeatAnswered();
    long rtt = ticker.nanoTime() - start;
    health.heartbeat(rtt);
    metrics.heartbeat(rtt, usage);
  }

  private void unlistenAll(Connection c, Set<String> listened) {
    if (listened.isEmpty()) {
      return;
    }
    try (Statement s = c.createStatement()) {
      c.setNetworkTimeout(Runnable::run, (int) config.heartbeatTimeout().toMillis());
      s.execute("UNLISTEN *");
    } catch (SQLException e) {
      LOG.debug("{}: UNLISTEN at close failed", name, e);
    }
  }

  /**
   * Asks the thread to stop: it leaves a backoff wait at once, and a notification wait within the
   * poll interval, sending {@code UNLISTEN *} on its way out.
   */
  public void stop() {
    closing = true;
    waits.wakeUp();
  }

  /** Closes the current connection under the thread (unblocks any read at once). */
  public void abortConnection() {
    ConnectionSource.Opened opened = current;
    if (opened != null) {
      try {
        opened.connection().abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        LOG.debug("{}: abort failed", name, e);
      }
    }
  }

  /** Waits for the thread to end; returns whether it did within {@code timeoutNanos}. */
  public boolean awaitFinished(long timeoutNanos) throws InterruptedException {
    return finished.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
  }

  /** Returns the connection's health, for {@code DetourListener.health()}. */
  public ConnectionHealth health() {
    return health;
  }

  private static void closeQuietly(ConnectionSource.Opened opened) {
    if (opened != null) {
      try {
        opened.connection().close();
      } catch (SQLException | RuntimeException e) {
        // the connection is gone either way
      }
    }
  }
}
