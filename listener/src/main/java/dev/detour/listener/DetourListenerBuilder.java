package dev.detour.listener;

import dev.detour.core.Secrets;
import dev.detour.listener.internal.BuilderChecks;
import dev.detour.listener.internal.ConnectionSource;
import dev.detour.listener.internal.ListenerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Configures a {@link DetourListener}. Each setter validates its argument and throws an {@link
 * IllegalArgumentException} naming it, the value and the expected range; {@link #build()} checks
 * the combination. Not thread-safe; {@link #build()} copies everything, so a built listener never
 * changes.
 */
public final class DetourListenerBuilder {
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

  DetourListenerBuilder() {}

  /**
   * Sets the {@code jdbc:detour:postgresql://host[:port]/database[?...]} URL. Essential (or {@link
   * #connectionSupplier}). A {@code -pooler} host is refused: LISTEN does not work through a
   * transaction pooler.
   *
   * @param url the URL
   * @return this builder
   */
  public DetourListenerBuilder url(String url) {
    this.url = BuilderChecks.detourUrl(url);
    return this;
  }

  /**
   * Sets the user name.
   *
   * @param username the user
   * @return this builder
   */
  public DetourListenerBuilder username(String username) {
    this.username = Objects.requireNonNull(username, "username");
    return this;
  }

  /**
   * Sets the password. Never logged.
   *
   * @param password the password
   * @return this builder
   */
  public DetourListenerBuilder password(String password) {
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /**
   * Reads the password from a file at {@link #build()} (trailing line breaks removed), for example
   * a mounted secret.
   *
   * @param file the file
   * @return this builder
   */
  public DetourListenerBuilder passwordFile(Path file) {
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
  public DetourListenerBuilder connectionSupplier(ConnectionSupplier supplier) {
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
  public DetourListenerBuilder properties(Properties properties) {
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
  public DetourListenerBuilder property(String key, String value) {
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
   * Sets the time between heartbeats. Default 10 s; from 100 ms to 1 h. The heartbeat runs this
   * long after the previous one's answer (the first: after the connection opened).
   *
   * <p>The bound: a connection that goes silent is declared lost (DISCONNECTED) at most {@code
   * heartbeatInterval + heartbeatTimeout} after its last proof of life, the last bytes it sent (a
   * statement's answer, a heartbeat's answer, notifications), so within that time of the stall.
   * Every statement's socket read ends by that deadline, 20 ms before it (a tenth of the timeout if
   * that is less) to leave time to declare the loss: a heartbeat sent late waits that much less.
   *
   * @param interval the interval
   * @return this builder
   */
  public DetourListenerBuilder heartbeatInterval(Duration interval) {
    this.heartbeatInterval = range("heartbeatInterval", interval, ms(100), Duration.ofHours(1));
    return this;
  }

  /**
   * Sets the socket read timeout of the heartbeat and of every statement on the connection. Default
   * 5 s; from 100 ms to 5 min. A read never runs past the connection's deadline (see {@link
   * #heartbeatInterval}): a heartbeat sent on time waits this minus 20 ms (a tenth of it if that is
   * less) for its answer.
   *
   * @param timeout the timeout
   * @return this builder
   */
  public DetourListenerBuilder heartbeatTimeout(Duration timeout) {
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
  public DetourListenerBuilder heartbeat(boolean enabled) {
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
  public DetourListenerBuilder pollInterval(Duration interval) {
    this.pollInterval = range("pollInterval", interval, ms(10), Duration.ofSeconds(10));
    return this;
  }

  /**
   * Sets how many notifications may wait for their handlers. Default 1000; from 1 to 1,000,000.
   *
   * @param capacity the capacity
   * @return this builder
   */
  public DetourListenerBuilder queueCapacity(int capacity) {
    this.queueCapacity = BuilderChecks.range("queueCapacity", capacity, 1, 1_000_000);
    return this;
  }

  /**
   * Sets what happens when the queue is full. Default {@link OverflowPolicy#COALESCE_AND_RESYNC}.
   *
   * @param policy the policy
   * @return this builder
   */
  public DetourListenerBuilder overflowPolicy(OverflowPolicy policy) {
    this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
    return this;
  }

  /**
   * Runs handlers on {@code executor} (not shut down by the listener) instead of the listener's own
   * pool of {@link #dispatchThreads} daemon threads.
   *
   * @param executor the executor
   * @return this builder
   */
  public DetourListenerBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Sets the size of the listener's own dispatch pool. Default 4; from 1 to 64. Its threads start
   * on demand and end after 30 s idle; each drain task goes to the thread that went idle last, so a
   * single busy channel keeps to one thread.
   *
   * @param threads the number of threads
   * @return this builder
   */
  public DetourListenerBuilder dispatchThreads(int threads) {
    this.dispatchThreads = BuilderChecks.range("dispatchThreads", threads, 1, 64);
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
  public DetourListenerBuilder reconnectBackoff(
      Duration initial, Duration max, double multiplier, double jitter) {
    Duration i = range("reconnectInitialDelay", initial, ms(1), Duration.ofMinutes(1));
    Duration m = range("reconnectMaxDelay", max, i, Duration.ofHours(1));
    this.reconnectInitialDelay = i;
    this.reconnectMaxDelay = m;
    this.reconnectMultiplier = BuilderChecks.range("reconnectMultiplier", multiplier, 1, 10);
    this.reconnectJitter = BuilderChecks.range("reconnectJitter", jitter, 0, 0.99);
    return this;
  }

  /**
   * Sets how long a connection must stay healthy before the backoff starts again from its first
   * delay. Default 60 s; from 0 to 1 h.
   *
   * @param healthy the time
   * @return this builder
   */
  public DetourListenerBuilder reconnectResetAfter(Duration healthy) {
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
  public DetourListenerBuilder startTimeout(Duration timeout) {
    this.startTimeout = range("startTimeout", timeout, ms(1000), Duration.ofMinutes(10));
    return this;
  }

  /**
   * Turns the start-up {@code pg_notify} round trip on (the default) or off.
   *
   * @param enabled whether start() checks that notifications are delivered
   * @return this builder
   */
  public DetourListenerBuilder selfCheck(boolean enabled) {
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
  public DetourListenerBuilder metrics(ListenerMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** Sets the wall clock that the listener's instants are anchored to once, at build. */
  DetourListenerBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the listener (not started).
   *
   * @return the listener
   * @throws IllegalArgumentException if neither or both of url and connectionSupplier are set, the
   *     host is a {@code -pooler} host, or the password file cannot be read
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
      BuilderChecks.noPoolerHost(url);
      Properties info = new Properties();
      info.putAll(properties);
      if (username != null) {
        info.setProperty("user", username);
      }
      String pw = password != null ? password : BuilderChecks.readPasswordFile(passwordFile);
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
    return new DetourListener(config, source, executor, dispatchThreads, metrics, clock);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration range(String name, Duration value, Duration min, Duration max) {
    return BuilderChecks.range(name, value, min, max);
  }
}
