package dev.detour.listener;

import dev.detour.core.Durations;
import dev.detour.core.NamedThreadFactory;
import dev.detour.core.Scheduler;
import dev.detour.core.Secrets;
import dev.detour.core.TickerClock;
import dev.detour.listener.internal.ConnectionHealth;
import dev.detour.listener.internal.ConnectionOwner;
import dev.detour.listener.internal.ConnectionSource;
import dev.detour.listener.internal.Dispatcher;
import dev.detour.listener.internal.Inputs;
import dev.detour.listener.internal.ListenerConfig;
import dev.detour.listener.internal.StateTracker;
import dev.detour.listener.internal.Subscriptions;
import dev.detour.listener.internal.UrlHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
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
 *   <li>A dead connection is detected within {@code heartbeatInterval + heartbeatTimeout} (a silent
 *       stall), or at once (a reset, a close, {@code pg_terminate_backend}).
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
  private final ExecutorService ownExecutor;
  private final Thread thread;
  private final Object lifecycle = new Object();
  private boolean started;
  private boolean closed;
  private boolean closedCleanly;

  DetourListener(Builder b, ListenerConfig config, ConnectionSource source) {
    this.name = "detour-listener-" + IDS.incrementAndGet();
    this.config = config;
    this.source = source;
    ListenerMetrics metrics = b.metrics;
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
    Executor executor = b.executor;
    if (executor == null) {
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              b.dispatchThreads,
              b.dispatchThreads,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              new NamedThreadFactory(name + "-dispatch"));
      pool.allowCoreThreadTimeOut(true);
      this.ownExecutor = pool;
      executor = pool;
    } else {
      this.ownExecutor = null;
    }
    // every instant the listener reports reads the ticker, anchored to the wall clock once here, so
    // instants are ordered and subtract exactly even if the system clock steps
    TickerClock clock = TickerClock.anchored(scheduler.ticker(), b.clock);
    this.dispatcher =
        new Dispatcher(
            executor,
            config.queueCapacity(),
            config.overflowPolicy(),
            subscriptions,
            metrics,
            scheduler.ticker(),
            clock);
    this.owner =
        new ConnectionOwner(
            name,
            config,
            source,
            subscriptions,
            dispatcher,
            state,
            metrics,
            scheduler,
            clock,
            "detour_self_check_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    ownerRef[0] = owner;
    this.thread = new NamedThreadFactory(name + "-connection").newThread(owner);
  }

  /**
   * Returns a builder with every default from the README.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
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

  /**
   * Configures a {@link DetourListener}. Each setter validates its argument and throws an {@link
   * IllegalArgumentException} naming it, the value and the expected range; {@link #build()} checks
   * the combination. Not thread-safe; {@link #build()} copies everything, so a built listener never
   * changes.
   */
  public static final class Builder {
    private String url;
    private String username;
    private String password;
    private Path passwordFile;
    private ConnectionSupplier supplier;
    private final Properties properties = new Properties();
    private boolean heartbeatEnabled = true;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Duration heartbeatTimeout = Duration.ofSeconds(5);
    private Duration pollInterval = Duration.ofMillis(100);
    private int queueCapacity = 1000;
    private OverflowPolicy overflowPolicy = OverflowPolicy.COALESCE_AND_RESYNC;
    private Executor executor;
    private int dispatchThreads = 4;
    private Duration reconnectInitialDelay = Duration.ofMillis(250);
    private Duration reconnectMaxDelay = Duration.ofSeconds(30);
    private double reconnectMultiplier = 2.0;
    private double reconnectJitter = 0.5;
    private Duration reconnectResetAfter = Duration.ofSeconds(60);
    private Duration startTimeout = Duration.ofSeconds(30);
    private boolean selfCheck = true;
    private ListenerMetrics metrics = ListenerMetrics.NONE;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /**
     * Sets the {@code jdbc:detour:postgresql://host[:port]/database[?...]} URL. Essential (or
     * {@link #connectionSupplier}). A {@code -pooler} host is refused: LISTEN does not work through
     * a transaction pooler.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder url(String url) {
      if (url == null || !UrlHosts.isDetourUrl(url)) {
        throw new IllegalArgumentException(
            "url: '"
                + Secrets.redactUrl(url)
                + "' (expected: jdbc:detour:postgresql://host[:port]/database; for another"
                + " driver pass a connectionSupplier)");
      }
      this.url = url;
      return this;
    }

    /**
     * Sets the user name.
     *
     * @param username the user
     * @return this builder
     */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /**
     * Sets the password. Never logged.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Reads the password from a file at {@link #build()} (trailing line breaks removed), for
     * example a mounted secret.
     *
     * @param file the file
     * @return this builder
     */
    public Builder passwordFile(Path file) {
      this.passwordFile = Objects.requireNonNull(file, "passwordFile");
      return this;
    }

    /**
     * Opens connections with {@code supplier} instead of a URL. Their address is unknown, so the
     * router is not told about losses.
     *
     * @param supplier the supplier
     * @return this builder
     */
    public Builder connectionSupplier(ConnectionSupplier supplier) {
      this.supplier = Objects.requireNonNull(supplier, "connectionSupplier");
      return this;
    }

    /**
     * Applies properties as {@link DetourListener#fromProperties} reads them ({@code url}, {@code
     * user}, {@code password} or {@code passwordFile}, the {@code detour.listener.*} knobs, and
     * connection properties), so that a caller can still set what properties cannot carry (an
     * executor, metrics) before {@link #build()}. The Spring Boot starter builds its listener this
     * way.
     *
     * @param properties the settings
     * @return this builder
     * @throws IllegalArgumentException (a {@link dev.detour.core.ConfigException} for a key) naming
     *     the key, the value and what was expected
     */
    public Builder properties(Properties properties) {
      return ListenerProperties.apply(this, Objects.requireNonNull(properties, "properties"));
    }

    /**
     * Sets a connection property: a pgjdbc property, or a {@code detour.router.*} or {@code
     * detour.resolver.*} setting.
     *
     * @param key the key, not {@code detour.listener.*} (use this builder's setters)
     * @param value the value
     * @return this builder
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.startsWith("detour.listener.")) {
        throw new IllegalArgumentException(
            key + ": a listener knob (expected: the builder's setter or fromProperties)");
      }
      properties.setProperty(key, value);
      return this;
    }

    /**
     * Sets the time between heartbeats. Default 10 s; from 100 ms to 1 h. A silent stall is
     * detected within this plus {@link #heartbeatTimeout}.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = range("heartbeatInterval", interval, ms(100), Duration.ofHours(1));
      return this;
    }

    /**
     * Sets the socket read timeout of the heartbeat and of every statement on the connection.
     * Default 5 s; from 100 ms to 5 min.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = range("heartbeatTimeout", timeout, ms(100), Duration.ofMinutes(5));
      return this;
    }

    /**
     * Turns the heartbeat on (the default) or off. Off lets a Neon compute scale to zero, but a
     * silent stall is then never detected.
     *
     * @param enabled whether the heartbeat runs
     * @return this builder
     */
    public Builder heartbeat(boolean enabled) {
      this.heartbeatEnabled = enabled;
      return this;
    }

    /**
     * Sets the longest single wait for notifications: how soon a subscribe or a close is seen.
     * Default 100 ms; from 10 ms to 10 s.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = range("pollInterval", interval, ms(10), Duration.ofSeconds(10));
      return this;
    }

    /**
     * Sets how many notifications may wait for their handlers. Default 1000; from 1 to 1,000,000.
     *
     * @param capacity the capacity
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1 || capacity > 1_000_000) {
        throw new IllegalArgumentException(
            "queueCapacity: " + capacity + " (expected: 1 <= queueCapacity <= 1000000)");
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Sets what happens when the queue is full. Default {@link OverflowPolicy#COALESCE_AND_RESYNC}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder overflowPolicy(OverflowPolicy policy) {
      this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
      return this;
    }

    /**
     * Runs handlers on {@code executor} (not shut down by the listener) instead of the listener's
     * own pool of {@link #dispatchThreads} daemon threads.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the size of the listener's own dispatch pool. Default 4; from 1 to 64.
     *
     * @param threads the number of threads
     * @return this builder
     */
    public Builder dispatchThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException(
            "dispatchThreads: " + threads + " (expected: 1 <= dispatchThreads <= 64)");
      }
      this.dispatchThreads = threads;
      return this;
    }

    /**
     * Sets the reconnect backoff: the first delay (default 250 ms, 1 ms to 1 min), the largest
     * (default 30 s, up to 1 h), the factor (default 2, from 1 to 10) and the jitter (default 0.5,
     * from 0 to 0.99: each delay moves by up to that fraction).
     *
     * @param initial the first delay
     * @param max the largest delay
     * @param multiplier the growth factor
     * @param jitter the jitter factor
     * @return this builder
     */
    public Builder reconnectBackoff(
        Duration initial, Duration max, double multiplier, double jitter) {
      Duration i = range("reconnectInitialDelay", initial, ms(1), Duration.ofMinutes(1));
      Duration m = range("reconnectMaxDelay", max, i, Duration.ofHours(1));
      if (!(multiplier >= 1 && multiplier <= 10)) {
        throw new IllegalArgumentException(
            "reconnectMultiplier: " + multiplier + " (expected: 1 <= reconnectMultiplier <= 10)");
      }
      if (!(jitter >= 0 && jitter <= 0.99)) {
        throw new IllegalArgumentException(
            "reconnectJitter: " + jitter + " (expected: 0 <= reconnectJitter <= 0.99)");
      }
      this.reconnectInitialDelay = i;
      this.reconnectMaxDelay = m;
      this.reconnectMultiplier = multiplier;
      this.reconnectJitter = jitter;
      return this;
    }

    /**
     * Sets how long a connection must stay healthy before the backoff starts again from its first
     * delay. Default 60 s; from 0 to 1 h.
     *
     * @param healthy the time
     * @return this builder
     */
    public Builder reconnectResetAfter(Duration healthy) {
      this.reconnectResetAfter =
          range("reconnectResetAfter", healthy, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * Sets the bound of {@link DetourListener#start()}, retries included. Default 30 s; from 1 s to
     * 10 min.
     *
     * @param timeout the bound
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = range("startTimeout", timeout, ms(1000), Duration.ofMinutes(10));
      return this;
    }

    /**
     * Turns the start-up {@code pg_notify} round trip on (the default) or off.
     *
     * @param enabled whether start() checks that notifications are delivered
     * @return this builder
     */
    public Builder selfCheck(boolean enabled) {
      this.selfCheck = enabled;
      return this;
    }

    /**
     * Publishes metrics to {@code metrics}, for example {@code
     * MicrometerListenerMetrics.of(registry)}. Default: none.
     *
     * @param metrics the sink
     * @return this builder
     */
    public Builder metrics(ListenerMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Sets the wall clock that the listener's instants are anchored to once, at build. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the listener (not started).
     *
     * @return the listener
     * @throws IllegalArgumentException if neither or both of url and connectionSupplier are set,
     *     the host is a {@code -pooler} host, or the password file cannot be read
     */
    public DetourListener build() {
      if ((url == null) == (supplier == null)) {
        throw new IllegalArgumentException(
            "url/connectionSupplier: "
                + (url == null ? "neither set" : "both set")
                + " (expected: exactly one)");
      }
      ConnectionSource source;
      if (url != null) {
        for (String host : UrlHosts.hosts(url)) {
          String direct = UrlHosts.directHostOfPooler(host);
          if (direct != null) {
            throw new IllegalArgumentException(
                "url: host '"
                    + host
                    + "' is a transaction pooler, where LISTEN does not work (notifications are"
                    + " lost when the pooler moves the session); expected the direct host, such as '"
                    + direct
                    + "'");
          }
        }
        Properties info = new Properties();
        info.putAll(properties);
        if (username != null) {
          info.setProperty("user", username);
        }
        String pw = password != null ? password : readPasswordFile();
        if (pw != null) {
          info.setProperty("password", pw);
        }
        source = ConnectionSource.routed(url, info, Secrets.redactUrl(url));
      } else {
        source = ConnectionSource.supplied(supplier);
      }
      ListenerConfig config =
          new ListenerConfig(
              heartbeatEnabled,
              heartbeatInterval,
              heartbeatTimeout,
              pollInterval,
              queueCapacity,
              overflowPolicy,
              reconnectInitialDelay,
              reconnectMaxDelay,
              reconnectMultiplier,
              reconnectJitter,
              reconnectResetAfter,
              startTimeout,
              selfCheck);
      return new DetourListener(this, config, source);
    }

    private String readPasswordFile() {
      if (passwordFile == null) {
        return null;
      }
      try {
        String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
        return text.replaceAll("[\\r\\n]+$", "");
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "passwordFile: '"
                + passwordFile
                + "' cannot be read ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }

    private static Duration ms(long millis) {
      return Duration.ofMillis(millis);
    }

    private static Duration range(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name
                + ": "
                + Durations.format(value)
                + " (expected: "
                + Durations.format(min)
                + " <= "
                + name
                + " <= "
                + Durations.format(max)
                + ")");
      }
      return value;
    }
  }
}
