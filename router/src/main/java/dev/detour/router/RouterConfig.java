package dev.detour.router;

import dev.detour.core.ConfigException;
import dev.detour.router.internal.RouterConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The immutable settings of a {@link Router}; equal configs (value equality) share a router in the
 * {@link RouterRegistry}.
 *
 * <p>Every knob has a {@code detour.router.*} key (see {@link #fromProperties(Map)}) and a builder
 * setter (see {@link #builder()}); defaults are listed on {@link #defaults()}. The {@code
 * detour.resolver.*} keys are carried along, unparsed, for the resolver the router builds.
 *
 * <p>Built only through {@link #builder()} (or {@link #fromProperties(Map)}): the constructor is
 * private, so that a new knob never breaks a caller. Immutable and thread-safe.
 */
public final class RouterConfig {

  /** The key prefix of the router's settings. */
  public static final String PREFIX = "detour.router.";

  /** The key prefix of the resolver's settings, passed through to the resolver. */
  public static final String RESOLVER_PREFIX = "detour.resolver.";

  /** Prefixes of other modules, accepted and ignored by {@link #fromProperties(Map)}. */
  public static final List<String> OTHER_MODULE_PREFIXES =
      List.of("detour.pool.", "detour.listener.");

  /** The names (after {@link #PREFIX}) that {@link #fromProperties(Map)} understands. */
  public static final List<String> KEYS =
      List.of(
          "connectBudget",
          "attemptDelay",
          "minAttemptDelay",
          "maxAttemptDelay",
          "maxConcurrentAttempts",
          "minAttemptTimeout",
          "maxAttemptTimeout",
          "openDelay",
          "maxOpenDelay",
          "openJitter",
          "failuresToOpen",
          "panicThreshold",
          "probe",
          "probeTimeout",
          "keepAliveIdle",
          "keepAliveInterval",
          "keepAliveCount",
          "tcpNoDelay",
          "learning",
          "handshakeHedge");

  /** How a background probe tests an address. */
  public enum ProbeMode {
    /** A TCP connect only. */
    TCP,
    /** A TCP connect, then a PostgreSQL SSLRequest that must be answered {@code S} or {@code N}. */
    SSLREQUEST,
    /** No background probes: an open address is re-admitted only by user traffic (half-open). */
    OFF
  }

  private static final Duration MS = RouterConfigReader.MS;
  private static final Duration HOUR = RouterConfigReader.HOUR;

  private final Duration connectBudget;
  private final Duration attemptDelay;
  private final Duration minAttemptDelay;
  private final Duration maxAttemptDelay;
  private final int maxConcurrentAttempts;
  private final Duration minAttemptTimeout;
  private final Duration maxAttemptTimeout;
  private final Duration openDelay;
  private final Duration maxOpenDelay;
  private final double openJitter;
  private final int failuresToOpen;
  private final double panicThreshold;
  private final ProbeMode probe;
  private final Duration probeTimeout;
  private final Duration keepAliveIdle;
  private final Duration keepAliveInterval;
  private final int keepAliveCount;
  private final boolean tcpNoDelay;
  private final boolean learning;
  private final boolean handshakeHedge;
  private final Map<String, String> resolverProperties;

  /** Validates every knob and its relation to the others; copies the resolver map. */
  private RouterConfig(Builder b) {
    RouterConfigReader.check("connectBudget", b.connectBudget, Duration.ofMillis(10), HOUR);
    RouterConfigReader.check("attemptDelay", b.attemptDelay, MS, Duration.ofMinutes(1));
    RouterConfigReader.check("minAttemptDelay", b.minAttemptDelay, MS, Duration.ofMinutes(1));
    RouterConfigReader.check("maxAttemptDelay", b.maxAttemptDelay, MS, Duration.ofMinutes(1));
    RouterConfigReader.order("minAttemptDelay", b.minAttemptDelay, "attemptDelay", b.attemptDelay);
    RouterConfigReader.order("attemptDelay", b.attemptDelay, "maxAttemptDelay", b.maxAttemptDelay);
    RouterConfigReader.range("maxConcurrentAttempts", b.maxConcurrentAttempts, 1, 64);
    RouterConfigReader.check("minAttemptTimeout", b.minAttemptTimeout, MS, HOUR);
    RouterConfigReader.check("maxAttemptTimeout", b.maxAttemptTimeout, MS, HOUR);
    RouterConfigReader.order(
        "minAttemptTimeout", b.minAttemptTimeout, "maxAttemptTimeout", b.maxAttemptTimeout);
    RouterConfigReader.check("openDelay", b.openDelay, MS, HOUR);
    RouterConfigReader.check("maxOpenDelay", b.maxOpenDelay, MS, Duration.ofDays(1));
    RouterConfigReader.order("openDelay", b.openDelay, "maxOpenDelay", b.maxOpenDelay);
    if (!(b.openJitter >= 0 && b.openJitter <= 1)) {
      throw new ConfigException(
          PREFIX + "openJitter", PREFIX + "openJitter: " + b.openJitter + " (expected 0 to 1)");
    }
    RouterConfigReader.range("failuresToOpen", b.failuresToOpen, 1, 100);
    if (!(b.panicThreshold >= 0 && b.panicThreshold <= 1)) {
      throw new ConfigException(
          PREFIX + "panicThreshold",
          PREFIX + "panicThreshold: " + b.panicThreshold + " (expected 0 to 1)");
    }
    Objects.requireNonNull(b.probe, "probe");
    RouterConfigReader.check("probeTimeout", b.probeTimeout, MS, Duration.ofMinutes(1));
    RouterConfigReader.check(
        "keepAliveIdle", b.keepAliveIdle, Duration.ofSeconds(1), Duration.ofDays(1));
    RouterConfigReader.check(
        "keepAliveInterval", b.keepAliveInterval, Duration.ofSeconds(1), Duration.ofDays(1));
    RouterConfigReader.range("keepAliveCount", b.keepAliveCount, 1, 127);
    Map<String, String> resolver =
        Map.copyOf(Objects.requireNonNull(b.resolverProperties, "resolverProperties"));
    for (String key : resolver.keySet()) {
      if (!key.startsWith(RESOLVER_PREFIX)) {
        throw new IllegalArgumentException(
            "resolverProperties: '" + key + "' (expected keys under " + RESOLVER_PREFIX + ")");
      }
    }
    this.connectBudget = b.connectBudget;
    this.attemptDelay = b.attemptDelay;
    this.minAttemptDelay = b.minAttemptDelay;
    this.maxAttemptDelay = b.maxAttemptDelay;
    this.maxConcurrentAttempts = b.maxConcurrentAttempts;
    this.minAttemptTimeout = b.minAttemptTimeout;
    this.maxAttemptTimeout = b.maxAttemptTimeout;
    this.openDelay = b.openDelay;
    this.maxOpenDelay = b.maxOpenDelay;
    this.openJitter = b.openJitter;
    this.failuresToOpen = b.failuresToOpen;
    this.panicThreshold = b.panicThreshold;
    this.probe = b.probe;
    this.probeTimeout = b.probeTimeout;
    this.keepAliveIdle = b.keepAliveIdle;
    this.keepAliveInterval = b.keepAliveInterval;
    this.keepAliveCount = b.keepAliveCount;
    this.tcpNoDelay = b.tcpNoDelay;
    this.learning = b.learning;
    this.handshakeHedge = b.handshakeHedge;
    this.resolverProperties = resolver;
  }

  /**
   * Returns the total time for one physical connection (TCP and the caller's handshake).
   *
   * @return the total time for one physical connection (TCP and the caller's handshake)
   */
  public Duration connectBudget() {
    return connectBudget;
  }

  /**
   * Returns the stagger between attempts when there is no RTT history.
   *
   * @return the stagger between attempts when there is no RTT history
   */
  public Duration attemptDelay() {
    return attemptDelay;
  }

  /**
   * Returns the lower bound of the adapted stagger.
   *
   * @return the lower bound of the adapted stagger
   */
  public Duration minAttemptDelay() {
    return minAttemptDelay;
  }

  /**
   * Returns the upper bound of the adapted stagger.
   *
   * @return the upper bound of the adapted stagger
   */
  public Duration maxAttemptDelay() {
    return maxAttemptDelay;
  }

  /**
   * Returns the attempts running at once when there is RTT history (doubled without).
   *
   * @return the attempts running at once when there is RTT history (doubled without)
   */
  public int maxConcurrentAttempts() {
    return maxConcurrentAttempts;
  }

  /**
   * Returns the lower bound of one attempt's timeout (unless the budget is shorter).
   *
   * @return the lower bound of one attempt's timeout (unless the budget is shorter)
   */
  public Duration minAttemptTimeout() {
    return minAttemptTimeout;
  }

  /**
   * Returns the upper bound of one attempt's timeout.
   *
   * @return the upper bound of one attempt's timeout
   */
  public Duration maxAttemptTimeout() {
    return maxAttemptTimeout;
  }

  /**
   * Returns how long a breaker stays open the first time.
   *
   * @return how long a breaker stays open the first time
   */
  public Duration openDelay() {
    return openDelay;
  }

  /**
   * Returns the ceiling of the doubling open time.
   *
   * @return the ceiling of the doubling open time
   */
  public Duration maxOpenDelay() {
    return maxOpenDelay;
  }

  /**
   * Returns the relative jitter of the open time, 0 to 1.
   *
   * @return the relative jitter of the open time, 0 to 1
   */
  public double openJitter() {
    return openJitter;
  }

  /**
   * Returns the failures in a row, other than timeouts and refusals, that open a breaker.
   *
   * @return the failures in a row, other than timeouts and refusals, that open a breaker
   */
  public int failuresToOpen() {
    return failuresToOpen;
  }

  /**
   * Returns the healthy fraction under which open addresses are tried last.
   *
   * @return the healthy fraction under which open addresses are tried last
   */
  public double panicThreshold() {
    return panicThreshold;
  }

  /**
   * Returns how a background probe tests an address whose open time has passed.
   *
   * @return how a background probe tests an address whose open time has passed
   */
  public ProbeMode probe() {
    return probe;
  }

  /**
   * Returns how long one probe may take.
   *
   * @return how long one probe may take
   */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /**
   * Returns the TCP keepalive idle time.
   *
   * @return the TCP keepalive idle time
   */
  public Duration keepAliveIdle() {
    return keepAliveIdle;
  }

  /**
   * Returns the TCP keepalive interval.
   *
   * @return the TCP keepalive interval
   */
  public Duration keepAliveInterval() {
    return keepAliveInterval;
  }

  /**
   * Returns the TCP keepalive probe count.
   *
   * @return the TCP keepalive probe count
   */
  public int keepAliveCount() {
    return keepAliveCount;
  }

  /**
   * Returns whether TCP_NODELAY is set.
   *
   * @return whether TCP_NODELAY is set
   */
  public boolean tcpNoDelay() {
    return tcpNoDelay;
  }

  /**
   * Returns whether addresses not known yet are probed in the background when a host is first
   * resolved and when DNS adds addresses (needs {@code probe} other than {@code OFF}).
   *
   * @return whether background learning is on
   */
  public boolean learning() {
    return learning;
  }

  /**
   * Returns whether the {@code jdbc:detour:} driver opens a second connection to another address
   * when a handshake is not ready within the learned hedge delay.
   *
   * @return whether the handshake hedge is on
   */
  public boolean handshakeHedge() {
    return handshakeHedge;
  }

  /**
   * Returns the {@code detour.resolver.*} keys for the router's own resolver.
   *
   * @return the {@code detour.resolver.*} keys for the router's own resolver
   */
  public Map<String, String> resolverProperties() {
    return resolverProperties;
  }

  /** Returns whether {@code other} is a config with equal values (routers are shared by it). */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof RouterConfig o)) {
      return false;
    }
    return connectBudget.equals(o.connectBudget)
        && attemptDelay.equals(o.attemptDelay)
        && minAttemptDelay.equals(o.minAttemptDelay)
        && maxAttemptDelay.equals(o.maxAttemptDelay)
        && maxConcurrentAttempts == o.maxConcurrentAttempts
        && minAttemptTimeout.equals(o.minAttemptTimeout)
        && maxAttemptTimeout.equals(o.maxAttemptTimeout)
        && openDelay.equals(o.openDelay)
        && maxOpenDelay.equals(o.maxOpenDelay)
        && Double.compare(openJitter, o.openJitter) == 0
        && failuresToOpen == o.failuresToOpen
        && Double.compare(panicThreshold, o.panicThreshold) == 0
        && probe.equals(o.probe)
        && probeTimeout.equals(o.probeTimeout)
        && keepAliveIdle.equals(o.keepAliveIdle)
        && keepAliveInterval.equals(o.keepAliveInterval)
        && keepAliveCount == o.keepAliveCount
        && tcpNoDelay == o.tcpNoDelay
        && learning == o.learning
        && handshakeHedge == o.handshakeHedge
        && resolverProperties.equals(o.resolverProperties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        connectBudget,
        attemptDelay,
        minAttemptDelay,
        maxAttemptDelay,
        maxConcurrentAttempts,
        minAttemptTimeout,
        maxAttemptTimeout,
        openDelay,
        maxOpenDelay,
        openJitter,
        failuresToOpen,
        panicThreshold,
        probe,
        probeTimeout,
        keepAliveIdle,
        keepAliveInterval,
        keepAliveCount,
        tcpNoDelay,
        learning,
        handshakeHedge,
        resolverProperties);
  }

  @Override
  public String toString() {
    return "RouterConfig["
        + "connectBudget="
        + connectBudget
        + ", "
        + "attemptDelay="
        + attemptDelay
        + ", "
        + "minAttemptDelay="
        + minAttemptDelay
        + ", "
        + "maxAttemptDelay="
        + maxAttemptDelay
        + ", "
        + "maxConcurrentAttempts="
        + maxConcurrentAttempts
        + ", "
        + "minAttemptTimeout="
        + minAttemptTimeout
        + ", "
        + "maxAttemptTimeout="
        + maxAttemptTimeout
        + ", "
        + "openDelay="
        + openDelay
        + ", "
        + "maxOpenDelay="
        + maxOpenDelay
        + ", "
        + "openJitter="
        + openJitter
        + ", "
        + "failuresToOpen="
        + failuresToOpen
        + ", "
        + "panicThreshold="
        + panicThreshold
        + ", "
        + "probe="
        + probe
        + ", "
        + "probeTimeout="
        + probeTimeout
        + ", "
        + "keepAliveIdle="
        + keepAliveIdle
        + ", "
        + "keepAliveInterval="
        + keepAliveInterval
        + ", "
        + "keepAliveCount="
        + keepAliveCount
        + ", "
        + "tcpNoDelay="
        + tcpNoDelay
        + ", learning="
        + learning
        + ", handshakeHedge="
        + handshakeHedge
        + ", "
        + "resolverProperties="
        + resolverProperties
        + "]";
  }

  /**
   * Returns the defaults: budget 10s; stagger 250ms within [100ms, 2s]; 3 concurrent attempts;
   * attempt timeout within [1.5s, 4s]; open 2s doubling up to 60s with ±20% jitter; 2 failures in a
   * row open; panic under 50% healthy; SSLRequest probes with a 2s timeout; keepalive 30s / 10s /
   * 3; TCP_NODELAY on; no resolver settings.
   *
   * @return the defaults
   */
  public static RouterConfig defaults() {
    return builder().build();
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a builder holding the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this config's values.
   *
   * @return a builder holding this config's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads a config from {@code detour.*} keys, as found in a properties file or a {@code
   * jdbc:detour:} URL.
   *
   * <p>Keys under {@code detour.router.} are parsed here; keys under {@code detour.resolver.} are
   * validated by the resolver's builder and kept for the resolver the router builds; keys under
   * {@code detour.pool.} and {@code detour.listener.} are ignored; any other {@code detour.*} key,
   * and any unknown {@code detour.router.*} key, is an error. Keys outside {@code detour.} are
   * ignored.
   *
   * @param properties the properties holding the {@code detour.*} keys
   * @return the validated config
   * @throws ConfigException naming the key, the value and what was expected
   */
  public static RouterConfig fromProperties(Map<String, String> properties) {
    return RouterConfigReader.read(properties);
  }

  /** Builds a {@link RouterConfig}. Not thread-safe; {@link #build()} validates and copies. */
  public static final class Builder {
    private Duration connectBudget = Duration.ofSeconds(10);
    private Duration attemptDelay = Duration.ofMillis(250);
    private Duration minAttemptDelay = Duration.ofMillis(100);
    private Duration maxAttemptDelay = Duration.ofSeconds(2);
    private int maxConcurrentAttempts = 3;
    private Duration minAttemptTimeout = Duration.ofMillis(1500);
    private Duration maxAttemptTimeout = Duration.ofSeconds(4);
    private Duration openDelay = Duration.ofSeconds(2);
    private Duration maxOpenDelay = Duration.ofSeconds(60);
    private double openJitter = 0.2;
    private int failuresToOpen = 2;
    private double panicThreshold = 0.5;
    private ProbeMode probe = ProbeMode.SSLREQUEST;
    private Duration probeTimeout = Duration.ofSeconds(2);
    private Duration keepAliveIdle = Duration.ofSeconds(30);
    private Duration keepAliveInterval = Duration.ofSeconds(10);
    private int keepAliveCount = 3;
    private boolean tcpNoDelay = true;
    private boolean learning = true;
    private boolean handshakeHedge = true;
    private Map<String, String> resolverProperties = Map.of();

    Builder() {}

    Builder(RouterConfig c) {
      connectBudget = c.connectBudget;
      attemptDelay = c.attemptDelay;
      minAttemptDelay = c.minAttemptDelay;
      maxAttemptDelay = c.maxAttemptDelay;
      maxConcurrentAttempts = c.maxConcurrentAttempts;
      minAttemptTimeout = c.minAttemptTimeout;
      maxAttemptTimeout = c.maxAttemptTimeout;
      openDelay = c.openDelay;
      maxOpenDelay = c.maxOpenDelay;
      openJitter = c.openJitter;
      failuresToOpen = c.failuresToOpen;
      panicThreshold = c.panicThreshold;
      probe = c.probe;
      probeTimeout = c.probeTimeout;
      keepAliveIdle = c.keepAliveIdle;
      keepAliveInterval = c.keepAliveInterval;
      keepAliveCount = c.keepAliveCount;
      tcpNoDelay = c.tcpNoDelay;
      learning = c.learning;
      handshakeHedge = c.handshakeHedge;
      resolverProperties = c.resolverProperties;
    }

    /**
     * Total time for one physical connection, TCP and handshake (default 10s; 10ms to 1h).
     *
     * @param v total time for one physical connection (TCP and the caller's handshake)
     * @return this builder
     */
    public Builder connectBudget(Duration v) {
      connectBudget = v;
      return this;
    }

    /**
     * Stagger between attempts without RTT history (default 250ms).
     *
     * @param v stagger between attempts when there is no RTT history
     * @return this builder
     */
    public Builder attemptDelay(Duration v) {
      attemptDelay = v;
      return this;
    }

    /**
     * Lower bound of the adapted stagger (default 100ms).
     *
     * @param v lower bound of the adapted stagger
     * @return this builder
     */
    public Builder minAttemptDelay(Duration v) {
      minAttemptDelay = v;
      return this;
    }

    /**
     * Upper bound of the adapted stagger (default 2s).
     *
     * @param v upper bound of the adapted stagger
     * @return this builder
     */
    public Builder maxAttemptDelay(Duration v) {
      maxAttemptDelay = v;
      return this;
    }

    /**
     * Attempts at once with RTT history, doubled without (default 3; 1 to 64).
     *
     * @param v attempts running at once when there is RTT history (doubled without)
     * @return this builder
     */
    public Builder maxConcurrentAttempts(int v) {
      maxConcurrentAttempts = v;
      return this;
    }

    /**
     * Lower bound of one attempt's timeout (default 1.5s).
     *
     * @param v lower bound of one attempt's timeout (unless the budget is shorter)
     * @return this builder
     */
    public Builder minAttemptTimeout(Duration v) {
      minAttemptTimeout = v;
      return this;
    }

    /**
     * Upper bound of one attempt's timeout (default 4s).
     *
     * @param v upper bound of one attempt's timeout
     * @return this builder
     */
    public Builder maxAttemptTimeout(Duration v) {
      maxAttemptTimeout = v;
      return this;
    }

    /**
     * First open time of a breaker (default 2s).
     *
     * @param v how long a breaker stays open the first time
     * @return this builder
     */
    public Builder openDelay(Duration v) {
      openDelay = v;
      return this;
    }

    /**
     * Ceiling of the doubling open time (default 60s).
     *
     * @param v ceiling of the doubling open time
     * @return this builder
     */
    public Builder maxOpenDelay(Duration v) {
      maxOpenDelay = v;
      return this;
    }

    /**
     * Relative jitter of the open time (default 0.2; 0 to 1).
     *
     * @param v relative jitter of the open time, 0 to 1
     * @return this builder
     */
    public Builder openJitter(double v) {
      openJitter = v;
      return this;
    }

    /**
     * Other failures in a row that open a breaker (default 2; 1 to 100).
     *
     * @param v failures in a row, other than timeouts and refusals, that open a breaker
     * @return this builder
     */
    public Builder failuresToOpen(int v) {
      failuresToOpen = v;
      return this;
    }

    /**
     * Healthy fraction under which open addresses are tried last (default 0.5; 0 to 1).
     *
     * @param v healthy fraction under which open addresses are tried last
     * @return this builder
     */
    public Builder panicThreshold(double v) {
      panicThreshold = v;
      return this;
    }

    /**
     * How background probes test an address (default {@link ProbeMode#SSLREQUEST}).
     *
     * @param v how a background probe tests an address whose open time has passed
     * @return this builder
     */
    public Builder probe(ProbeMode v) {
      probe = v;
      return this;
    }

    /**
     * Timeout of one probe (default 2s).
     *
     * @param v how long one probe may take
     * @return this builder
     */
    public Builder probeTimeout(Duration v) {
      probeTimeout = v;
      return this;
    }

    /**
     * TCP keepalive idle time (default 30s).
     *
     * @param v TCP keepalive idle time
     * @return this builder
     */
    public Builder keepAliveIdle(Duration v) {
      keepAliveIdle = v;
      return this;
    }

    /**
     * TCP keepalive interval (default 10s).
     *
     * @param v TCP keepalive interval
     * @return this builder
     */
    public Builder keepAliveInterval(Duration v) {
      keepAliveInterval = v;
      return this;
    }

    /**
     * TCP keepalive probe count (default 3).
     *
     * @param v TCP keepalive probe count
     * @return this builder
     */
    public Builder keepAliveCount(int v) {
      keepAliveCount = v;
      return this;
    }

    /**
     * Whether TCP_NODELAY is set (default true).
     *
     * @param v whether TCP_NODELAY is set
     * @return this builder
     */
    public Builder tcpNoDelay(boolean v) {
      tcpNoDelay = v;
      return this;
    }

    /**
     * Whether addresses not known yet are probed in the background, so that no user connect pays
     * for exploring them (default true; needs {@code probe} other than {@code OFF}).
     *
     * @param v whether addresses not known yet are probed in the background
     * @return this builder
     */
    public Builder learning(boolean v) {
      learning = v;
      return this;
    }

    /**
     * Whether the {@code jdbc:detour:} driver hedges a stalled handshake with a second connection
     * to another address (default true).
     *
     * @param v whether a stalled handshake is hedged
     * @return this builder
     */
    public Builder handshakeHedge(boolean v) {
      handshakeHedge = v;
      return this;
    }

    /**
     * The {@code detour.resolver.*} keys for the router's own resolver (default none).
     *
     * @param v the {@code detour.resolver.*} keys for the router's own resolver
     * @return this builder
     */
    public Builder resolverProperties(Map<String, String> v) {
      resolverProperties = new TreeMap<>(v);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the validated config
     * @throws ConfigException naming the knob, its value and what was expected
     */
    public RouterConfig build() {
      return new RouterConfig(this);
    }
  }
}
