package dev.detour.router;

import dev.detour.core.ConfigException;
import dev.detour.core.Durations;
import dev.detour.core.Settings;
import dev.detour.router.internal.ResolverFactory;
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
 * <p>Immutable and thread-safe.
 *
 * @param connectBudget total time for one physical connection (TCP and the caller's handshake)
 * @param attemptDelay stagger between attempts when there is no RTT history
 * @param minAttemptDelay lower bound of the adapted stagger
 * @param maxAttemptDelay upper bound of the adapted stagger
 * @param maxConcurrentAttempts attempts running at once when there is RTT history (doubled without)
 * @param minAttemptTimeout lower bound of one attempt's timeout (unless the budget is shorter)
 * @param maxAttemptTimeout upper bound of one attempt's timeout
 * @param openDelay how long a breaker stays open the first time
 * @param maxOpenDelay ceiling of the doubling open time
 * @param openJitter relative jitter of the open time, 0 to 1
 * @param failuresToOpen failures in a row, other than timeouts and refusals, that open a breaker
 * @param panicThreshold healthy fraction under which open addresses are tried last
 * @param probe how a background probe tests an address whose open time has passed
 * @param probeTimeout how long one probe may take
 * @param keepAliveIdle TCP keepalive idle time
 * @param keepAliveInterval TCP keepalive interval
 * @param keepAliveCount TCP keepalive probe count
 * @param tcpNoDelay whether TCP_NODELAY is set
 * @param resolverProperties the {@code detour.resolver.*} keys for the router's own resolver
 */
public record RouterConfig(
    Duration connectBudget,
    Duration attemptDelay,
    Duration minAttemptDelay,
    Duration maxAttemptDelay,
    int maxConcurrentAttempts,
    Duration minAttemptTimeout,
    Duration maxAttemptTimeout,
    Duration openDelay,
    Duration maxOpenDelay,
    double openJitter,
    int failuresToOpen,
    double panicThreshold,
    ProbeMode probe,
    Duration probeTimeout,
    Duration keepAliveIdle,
    Duration keepAliveInterval,
    int keepAliveCount,
    boolean tcpNoDelay,
    Map<String, String> resolverProperties) {

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
          "tcpNoDelay");

  /** How a background probe tests an address. */
  public enum ProbeMode {
    /** A TCP connect only. */
    TCP,
    /** A TCP connect, then a PostgreSQL SSLRequest that must be answered {@code S} or {@code N}. */
    SSLREQUEST,
    /** No background probes: an open address is re-admitted only by user traffic (half-open). */
    OFF
  }

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration HOUR = Duration.ofHours(1);

  /**
   * Validates every knob and its relation to the others; copies the resolver map.
   *
   * @param connectBudget total time for one physical connection (TCP and the caller's handshake)
   * @param attemptDelay stagger between attempts when there is no RTT history
   * @param minAttemptDelay lower bound of the adapted stagger
   * @param maxAttemptDelay upper bound of the adapted stagger
   * @param maxConcurrentAttempts attempts running at once when there is RTT history (doubled
   *     without)
   * @param minAttemptTimeout lower bound of one attempt's timeout (unless the budget is shorter)
   * @param maxAttemptTimeout upper bound of one attempt's timeout
   * @param openDelay how long a breaker stays open the first time
   * @param maxOpenDelay ceiling of the doubling open time
   * @param openJitter relative jitter of the open time, 0 to 1
   * @param failuresToOpen failures in a row, other than timeouts and refusals, that open a breaker
   * @param panicThreshold healthy fraction under which open addresses are tried last
   * @param probe how a background probe tests an address whose open time has passed
   * @param probeTimeout how long one probe may take
   * @param keepAliveIdle TCP keepalive idle time
   * @param keepAliveInterval TCP keepalive interval
   * @param keepAliveCount TCP keepalive probe count
   * @param tcpNoDelay whether TCP_NODELAY is set
   * @param resolverProperties the {@code detour.resolver.*} keys for the router's own resolver
   */
  public RouterConfig {
    check("connectBudget", connectBudget, Duration.ofMillis(10), HOUR);
    check("attemptDelay", attemptDelay, MS, Duration.ofMinutes(1));
    check("minAttemptDelay", minAttemptDelay, MS, Duration.ofMinutes(1));
    check("maxAttemptDelay", maxAttemptDelay, MS, Duration.ofMinutes(1));
    order("minAttemptDelay", minAttemptDelay, "attemptDelay", attemptDelay);
    order("attemptDelay", attemptDelay, "maxAttemptDelay", maxAttemptDelay);
    range("maxConcurrentAttempts", maxConcurrentAttempts, 1, 64);
    check("minAttemptTimeout", minAttemptTimeout, MS, HOUR);
    check("maxAttemptTimeout", maxAttemptTimeout, MS, HOUR);
    order("minAttemptTimeout", minAttemptTimeout, "maxAttemptTimeout", maxAttemptTimeout);
    check("openDelay", openDelay, MS, HOUR);
    check("maxOpenDelay", maxOpenDelay, MS, Duration.ofDays(1));
    order("openDelay", openDelay, "maxOpenDelay", maxOpenDelay);
    if (!(openJitter >= 0 && openJitter <= 1)) {
      throw new ConfigException(
          PREFIX + "openJitter", PREFIX + "openJitter: " + openJitter + " (expected 0 to 1)");
    }
    range("failuresToOpen", failuresToOpen, 1, 100);
    if (!(panicThreshold >= 0 && panicThreshold <= 1)) {
      throw new ConfigException(
          PREFIX + "panicThreshold",
          PREFIX + "panicThreshold: " + panicThreshold + " (expected 0 to 1)");
    }
    Objects.requireNonNull(probe, "probe");
    check("probeTimeout", probeTimeout, MS, Duration.ofMinutes(1));
    check("keepAliveIdle", keepAliveIdle, Duration.ofSeconds(1), Duration.ofDays(1));
    check("keepAliveInterval", keepAliveInterval, Duration.ofSeconds(1), Duration.ofDays(1));
    range("keepAliveCount", keepAliveCount, 1, 127);
    resolverProperties = Map.copyOf(Objects.requireNonNull(resolverProperties, "resolver"));
    for (String key : resolverProperties.keySet()) {
      if (!key.startsWith(RESOLVER_PREFIX)) {
        throw new IllegalArgumentException(
            "resolverProperties: '" + key + "' (expected keys under " + RESOLVER_PREFIX + ")");
      }
    }
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
    Objects.requireNonNull(properties, "properties");
    Settings.checkModulePrefixes(
        properties,
        List.of(
            PREFIX, RESOLVER_PREFIX, OTHER_MODULE_PREFIXES.get(0), OTHER_MODULE_PREFIXES.get(1)));
    Settings s = Settings.of(PREFIX, properties, KEYS);
    RouterConfig d = defaults();
    Map<String, String> resolver = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(RESOLVER_PREFIX)) {
            resolver.put(k, v == null ? "" : v.trim());
          }
        });
    ResolverFactory.validate(resolver);
    Duration day = Duration.ofDays(1);
    return builder()
        .connectBudget(s.duration("connectBudget", d.connectBudget, Duration.ofMillis(10), HOUR))
        .attemptDelay(s.duration("attemptDelay", d.attemptDelay, MS, Duration.ofMinutes(1)))
        .minAttemptDelay(
            s.duration("minAttemptDelay", d.minAttemptDelay, MS, Duration.ofMinutes(1)))
        .maxAttemptDelay(
            s.duration("maxAttemptDelay", d.maxAttemptDelay, MS, Duration.ofMinutes(1)))
        .maxConcurrentAttempts(s.intValue("maxConcurrentAttempts", d.maxConcurrentAttempts, 1, 64))
        .minAttemptTimeout(s.duration("minAttemptTimeout", d.minAttemptTimeout, MS, HOUR))
        .maxAttemptTimeout(s.duration("maxAttemptTimeout", d.maxAttemptTimeout, MS, HOUR))
        .openDelay(s.duration("openDelay", d.openDelay, MS, HOUR))
        .maxOpenDelay(s.duration("maxOpenDelay", d.maxOpenDelay, MS, day))
        .openJitter(s.doubleValue("openJitter", d.openJitter, 0, 1))
        .failuresToOpen(s.intValue("failuresToOpen", d.failuresToOpen, 1, 100))
        .panicThreshold(s.doubleValue("panicThreshold", d.panicThreshold, 0, 1))
        .probe(s.enumValue("probe", ProbeMode.class, d.probe))
        .probeTimeout(s.duration("probeTimeout", d.probeTimeout, MS, Duration.ofMinutes(1)))
        .keepAliveIdle(s.duration("keepAliveIdle", d.keepAliveIdle, Duration.ofSeconds(1), day))
        .keepAliveInterval(
            s.duration("keepAliveInterval", d.keepAliveInterval, Duration.ofSeconds(1), day))
        .keepAliveCount(s.intValue("keepAliveCount", d.keepAliveCount, 1, 127))
        .tcpNoDelay(s.bool("tcpNoDelay", d.tcpNoDelay))
        .resolverProperties(resolver)
        .build();
  }

  private static void check(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          PREFIX + name,
          PREFIX
              + name
              + ": "
              + Durations.format(value)
              + " (expected "
              + Durations.format(min)
              + " to "
              + Durations.format(max)
              + ")");
    }
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException(
          PREFIX + name, PREFIX + name + ": " + value + " (expected " + min + " to " + max + ")");
    }
  }

  private static void order(String lowName, Duration low, String highName, Duration high) {
    if (low.compareTo(high) > 0) {
      throw new ConfigException(
          PREFIX + lowName,
          PREFIX
              + lowName
              + ": "
              + Durations.format(low)
              + ", "
              + PREFIX
              + highName
              + ": "
              + Durations.format(high)
              + " (expected "
              + lowName
              + " <= "
              + highName
              + ")");
    }
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
      return new RouterConfig(
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
          resolverProperties);
    }
  }
}
