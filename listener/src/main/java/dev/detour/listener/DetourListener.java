package dev.detour.listener;

import dev.detour.core.NamedThreadFactory;
import dev.detour.core.Scheduler;
import dev.detour.core.TickerClock;
import dev.detour.listener.internal.ConnectionHealth;
import dev.detour.listener.internal.ConnectionOwner;
import dev.detour.listener.internal.ConnectionSource;
import dev.detour.listener.internal.DispatchThreads;
import dev.detour.listener.internal.Dispatcher;
import dev.detour.listener.internal.Inputs;
import dev.detour.listener.internal.ListenerConfig;
import dev.detour.listener.internal.StateTracker;
import dev.detour.listener.internal.Subscriptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reconnecting {@code LISTEN} subscriptions on one dedicated connection, with a bounded heartbeat
 * and a resync signal.
 *
 * <pre>{@code
 * DetourListener listener = DetourListener.builder()
 *     .url("jdbc:detour:postgresql://ep-x.neon.tech/app").username("app").passwordFile(path)
 *     .build();
 * listener.subscribe("jobs", new NotificationHandler() {
 *   public void onNotification(Notification n) { process(n.payload()); }
 *   public void onResync(Resync r) { catchUpFromTable(); }   // may have missed some: re-read
 * });
 * listener.start();
 * }</pre>
 *
 * <p>What it promises:
 *
 * <ul>
 *   <li>One named daemon thread owns the connection; handlers run on the dispatch executor, one at
 *       a time and in order per channel.
 *   <li>A dead connection is detected within {@code heartbeatInterval + heartbeatTimeout} of its
 *       last bytes (a silent stall), or at once (a reset, a close, {@code pg_terminate_backend}).
 *   <li>After every new connection, each subscription gets one {@link Resync} (INITIAL the first
 *       time, RECONNECTED after) before any notification of that connection.
 *   <li>Reconnects go through the Detour router, with Failsafe backoff, forever, except after an
 *       authentication error or an unknown database ({@link ListenerState.Failed}).
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} ends every thread the listener started.
 */
public final class DetourListener implements AutoCloseable {

  /** The prefix of the listener's keys in a properties file: {@value}. */
  public static final String PREFIX = ListenerProperties.PREFIX;

  /**
   * The listener's knob names, after {@link #PREFIX}, that {@link #fromProperties} accepts (besides
   * the connection keys {@code url}, {@code user}, {@code password} and {@code passwordFile}).
   */
  public static final List<String> KEYS = ListenerProperties.KNOBS;

  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final ListenerConfig config;
  private final ConnectionSource source;
  private final Subscriptions subscriptions;
  private final Dispatcher dispatcher;
  private final StateTracker state;
  private final ConnectionOwner owner;
  private final Scheduler scheduler;
  private final DispatchThreads ownExecutor;
  private final Thread thread;
  private final Object lifecycle = new Object();
  private boolean started;
  private boolean closed;
  private boolean closedCleanly;

  DetourListener(
      ListenerConfig config,
      ConnectionSource source,
      Executor executor,
      int dispatchThreads,
      ListenerMetrics metrics,
      Clock wallClock) {
    this.name = "detour-listener-" + IDS.incrementAndGet();
    this.config = config;
    this.source = source;
    this.scheduler = Scheduler.system(name);
    this.state = new StateTracker(name, metrics);
    ConnectionOwner[] ownerRef = new ConnectionOwner[1];
    this.subscriptions =
        new Subscriptions(
            () -> {
              if (ownerRef[0] != null) {
                ownerRef[0].subscriptionsChanged();
              }
            });
    if (executor == null) {
      DispatchThreads pool =
          new DispatchThreads(
              dispatchThreads,
              TimeUnit.SECONDS.toNanos(30),
              new NamedThreadFactory(name + "-dispatch"));
      this.ownExecutor = pool;
      executor = pool;
    } else {
      this.ownExecutor = null;
    }
    // every instant the listener reports reads the ticker, anchored to the wall clock once here, so
    // instants are ordered and subtract exactly even if the system clock steps
    TickerClock clock = TickerClock.anchored(scheduler.ticker(), wallClock);
    this.dispatcher =
        new Dispatcher(
            executor,
            config.queueCapacity(),
            config.overflowPolicy(),
            subscriptions,
            metrics,
            scheduler.ticker());
    this.owner =
        new ConnectionOwner(
            name, config, source, subscriptions, dispatcher, state, metrics, scheduler, clock);
    ownerRef[0] = owner;
    this.thread = new NamedThreadFactory(name + "-connection").newThread(owner);
  }

  /**
   * Returns a builder with every default from the README.
   *
   * @return a new builder
   */
  public static DetourListenerBuilder builder() {
    return new DetourListenerBuilder();
  }

  /**
   * Builds a listener from properties: {@code url}, {@code user}, {@code password} or {@code
   * passwordFile}, the {@code detour.listener.*} knobs (see the README), and any other key
   * (pgjdbc's, {@code detour.router.*}, {@code detour.resolver.*}) passed to the connection.
   *
   * @param properties the settings
   * @return the listener, not started
   * @throws IllegalArgumentException (a {@link dev.detour.core.ConfigException} for a key) naming
   *     the key, the value and what was expected
   */
  public static DetourListener fromProperties(Properties properties) {
    return ListenerProperties.apply(builder(), properties).build();
  }

  /**
   * Opens the connection, listens to every channel subscribed so far and checks that a {@code
   * pg_notify} on a private channel comes back. Retries (with backoff) until {@code startTimeout}.
   *
   * @throws ListenerException if the listener is not connected and listening within {@code
   *     startTimeout}, or failed for good (authentication, unknown database, self-check); the
   *     listener is then closed
   * @throws IllegalStateException if it was already started or closed
   */
  public void start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException(name + ": closed (expected: start before close)");
      }
      if (started) {
        throw new IllegalStateException(name + ": already started");
      }
      started = true;
      thread.start();
    }
    try {
      owner.started().get(config.startTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      Throwable last = owner.lastFailure();
      close();
      throw new ListenerException(
          name
              + ": start: not listening within "
              + config.startTimeout().toMillis()
              + " ms on "
              + source
              + (last == null ? "" : "; last failure: " + last),
          last);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      throw cause instanceof ListenerException
          ? (ListenerException) cause
          : new ListenerException(name + ": start failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new ListenerException(name + ": start interrupted", e);
    }
  }

  /**
   * Subscribes {@code handler} to {@code channel}. May be called at any time, from any thread:
   * before {@link #start()}, the channel is listened at start; after, within the poll interval.
   *
   * @param channel the channel, matched exactly (quoted): not empty, no NUL, at most 63 UTF-8 bytes
   * @param handler receives the channel's notifications and resyncs
   * @return the subscription; {@link Subscription#ready()} completes when the LISTEN committed
   * @throws IllegalArgumentException for an invalid channel name, naming it
   * @throws IllegalStateException if the listener is closed or failed
   */
  public Subscription subscribe(String channel, NotificationHandler handler) {
    Inputs.channel(channel);
    Objects.requireNonNull(handler, "handler");
    if (state.get().isTerminal()) {
      throw new IllegalStateException(name + ": " + state.get() + " (expected: open)");
    }
    return subscriptions.add(channel, handler);
  }

  /**
   * Sends a notification with {@code pg_notify} on a short-lived connection opened like the
   * listener's (through the router), bounded by the connect budget plus {@code heartbeatTimeout}.
   *
   * @param channel the channel, exactly as given (not folded to lower case)
   * @param payload the payload, fewer than 8000 UTF-8 bytes; null means empty
   * @throws IllegalArgumentException for an invalid channel or payload, before anything is sent
   * @throws SQLException if the connection or the statement fails
   */
  public void notify(String channel, String payload) throws SQLException {
    Inputs.channel(channel);
    Inputs.payload(channel, payload);
    try (Connection c = source.open().connection()) {
      c.setNetworkTimeout(Runnable::run, (int) config.heartbeatTimeout().toMillis());
      c.setAutoCommit(true);
      notify(c, channel, payload);
    }
  }

  /**
   * Sends a notification with {@code pg_notify} on {@code connection}. In a transaction, it is
   * delivered when the caller commits.
   *
   * @param connection an open connection; not closed here
   * @param channel the channel, exactly as given (not folded to lower case)
   * @param payload the payload, fewer than 8000 UTF-8 bytes; null means empty
   * @throws IllegalArgumentException for an invalid channel or payload, before anything is sent
   * @throws SQLException if the statement fails
   */
  public static void notify(Connection connection, String channel, String payload)
      throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Inputs.channel(channel);
    String checked = Inputs.payload(channel, payload);
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, checked);
      ps.execute();
    }
  }

  /**
   * Returns the current state.
   *
   * @return the state
   */
  public ListenerState state() {
    return state.get();
  }

  /**
   * Returns a snapshot of the listener's health.
   *
   * @return the snapshot
   */
  public ListenerHealth health() {
    ConnectionHealth h = owner.health();
    return new ListenerHealth(
        state.get(),
        h.address(),
        h.lastHeartbeatRoundTrip(),
        h.sinceLastHeartbeat(),
        h.sinceLastNotification(),
        dispatcher.queuedSize(),
        h.reconnects());
  }

  /**
   * Adds an observer of state changes. It runs on the thread that changes the state (usually the
   * connection thread), so it must be quick and must not block.
   *
   * @param observer the observer
   * @return a handle whose {@code close()} removes it
   */
  public AutoCloseable addStateListener(Consumer<ListenerState> observer) {
    return state.add(Objects.requireNonNull(observer, "observer"));
  }

  /** Closes the listener within 5 s; see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Closes the listener within {@code timeout}. Idempotent.
   *
   * <ol>
   *   <li>Stops the connection thread: it leaves a backoff wait at once and a notification wait
   *       within the poll interval, sending {@code UNLISTEN *}. After half the timeout, the
   *       connection is aborted under it.
   *   <li>Lets the handlers finish what is queued until the deadline, then drops the rest.
   *   <li>Stops the listener's own threads and ends every subscription.
   * </ol>
   *
   * <p>A connect in progress (bounded by the router's connect budget) cannot be cut short: the
   * thread ends when it returns.
   *
   * @param timeout the bound; zero or negative aborts at once
   * @return {@code true} if every thread ended and every queued event was delivered in time
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    synchronized (lifecycle) {
      if (closed) {
        return closedCleanly;
      }
      closed = true;
      long deadline = scheduler.ticker().nanoTime() + Math.max(0, timeout.toNanos());
      boolean clean = true;
      try {
        owner.stop();
        if (started) {
          if (!owner.awaitFinished(Math.max(0, timeout.toNanos()) / 2)) {
            owner.abortConnection();
            thread.interrupt();
            clean = owner.awaitFinished(deadline - scheduler.ticker().nanoTime());
          }
        }
        clean &= dispatcher.awaitIdle(deadline - scheduler.ticker().nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        clean = false;
      }
      dispatcher.clear();
      if (ownExecutor != null) {
        ownExecutor.shutdownNow();
      }
      scheduler.close();
      subscriptions.closeAll(null);
      state.set(new ListenerState.Closed());
      closedCleanly = clean;
      return clean;
    }
  }

  @Override
  public String toString() {
    return name + "[" + source + ", " + state.get() + "]";
  }
}
