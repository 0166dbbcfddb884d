package dev.detour.resolver;

import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.resolver.internal.DefaultHostResolver;
import dev.detour.resolver.internal.DnsSettings;
import dev.detour.resolver.internal.ResolverProperties;
import dev.detour.resolver.internal.ServerAddresses;
import dev.detour.resolver.internal.SystemDnsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link HostResolver}. Not thread-safe; every setter validates its argument, and {@link
 * #build()} copies the settings, so the built resolver never changes.
 *
 * <p>Defaults (see the README for each knob's unit and range): servers, search domains and ndots
 * from /etc/resolv.conf; query timeout 1.5 s; total timeout 4 s; {@link AddressOrder#IPV4_FIRST};
 * TTLs clamped to [5 s, 300 s]; negative answers cached 5 s; stale answers served up to 24 h,
 * retried every 30 s with backoff; refresh-ahead at 75 % of the TTL; resolution delay 50 ms; 10,000
 * entries; hosts file /etc/hosts; {@code Scheduler.system("detour-resolver")}; no event listener.
 */
public final class HostResolverBuilder {

  /** The prefix of every resolver property. */
  public static final String PREFIX = "detour.resolver.";

  /** The property names (after {@link #PREFIX}) that {@link #fromProperties} understands. */
  public static final List<String> PROPERTY_NAMES =
      List.of(
          "servers",
          "search",
          "ndots",
          "queryTimeout",
          "totalTimeout",
          "order",
          "minTtl",
          "maxTtl",
          "negativeTtl",
          "maxStale",
          "staleRetry",
          "refreshAheadRatio",
          "resolutionDelay",
          "maxEntries",
          "hostsFile",
          "useHostsFile");

  /** The default per-server query timeout: 1.5 s. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMillis(1500);

  /** The default total timeout of one lookup: 4 s. */
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(4);

  /** The default shortest caching time: 5 s. */
  public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(5);

  /** The default longest caching time: 300 s. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofSeconds(300);

  /** The default caching time of NXDOMAIN and empty answers: 5 s. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(5);

  /** The default longest time a stale answer is served: 24 h. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(24);

  /** The default first wait between retries of a failing host: 30 s. */
  public static final Duration DEFAULT_STALE_RETRY = Duration.ofSeconds(30);

  /** The default refresh-ahead point: 75 % of the TTL. */
  public static final double DEFAULT_REFRESH_AHEAD_RATIO = 0.75;

  /** The default resolution delay (RFC 8305): 50 ms. */
  public static final Duration DEFAULT_RESOLUTION_DELAY = Duration.ofMillis(50);

  /** The default cache bound: 10,000 host names. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** The default hosts file: /etc/hosts. */
  public static final Path DEFAULT_HOSTS_FILE = Path.of("/etc/hosts");

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);

  private List<InetSocketAddress> servers;
  private List<String> searchDomains;
  private Integer ndots;
  private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
  private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
  private AddressOrder order = AddressOrder.IPV4_FIRST;
  private Duration minTtl = DEFAULT_MIN_TTL;
  private Duration maxTtl = DEFAULT_MAX_TTL;
  private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
  private Duration maxStale = DEFAULT_MAX_STALE;
  private Duration staleRetry = DEFAULT_STALE_RETRY;
  private double refreshAheadRatio = DEFAULT_REFRESH_AHEAD_RATIO;
  private Duration resolutionDelay = DEFAULT_RESOLUTION_DELAY;
  private int maxEntries = DEFAULT_MAX_ENTRIES;
  private Path hostsFile = DEFAULT_HOSTS_FILE;
  private boolean useHostsFile = true;
  private Scheduler scheduler;
  private ResolverEventListener eventListener = ResolverEventListener.NOOP;

  HostResolverBuilder() {}

  /**
   * Returns a builder with the defaults, overridden by the {@code detour.resolver.*} keys of {@code
   * properties} (other keys are ignored).
   *
   * @param properties the properties holding the {@code detour.*} keys
   * @return a builder with the defaults, overridden by the {@code detour.resolver.*} keys of {@code
   *     properties} (other keys are ignored)
   * @throws dev.detour.core.ConfigException for an unknown {@code detour.resolver.*} key (with a
   *     "did you mean"), a bad value, {@code minTtl > maxTtl}, {@code queryTimeout > totalTimeout}
   *     or a bad server address; the message names the key and the value
   */
  public static HostResolverBuilder fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    HostResolverBuilder builder = new HostResolverBuilder();
    ResolverProperties.apply(properties, builder);
    return builder;
  }

  /**
   * Sets every value setting from {@code config} (not the scheduler or the event listener).
   *
   * @param config the configuration
   * @return this builder
   */
  public HostResolverBuilder config(HostResolverConfig config) {
    Objects.requireNonNull(config, "config");
    servers(config.servers());
    searchDomains(config.searchDomains());
    ndots(config.ndots());
    queryTimeout(config.queryTimeout());
    totalTimeout(config.totalTimeout());
    order(config.order());
    minTtl(config.minTtl());
    maxTtl(config.maxTtl());
    negativeTtl(config.negativeTtl());
    maxStale(config.maxStale());
    staleRetry(config.staleRetry());
    refreshAheadRatio(config.refreshAheadRatio());
    resolutionDelay(config.resolutionDelay());
    maxEntries(config.maxEntries());
    if (config.hostsFile() == null) {
      useHostsFile(false);
    } else {
      hostsFile(config.hostsFile());
    }
    return this;
  }

  /**
   * Sets the DNS servers, tried in order (default: the system's). Each must be an IP address (not a
   * name) with a port from 1 to 65535.
   *
   * @param servers the DNS servers, tried in order (default: the system's, from /etc/resolv.conf)
   * @return this builder
   */
  public HostResolverBuilder servers(List<InetSocketAddress> servers) {
    Objects.requireNonNull(servers, "servers");
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("servers: [] (expected at least one server)");
    }
    for (InetSocketAddress server : servers) {
      ServerAddresses.check(server);
    }
    this.servers = List.copyOf(servers);
    return this;
  }

  /**
   * Sets the search domains (default: the system's). An empty list turns search off.
   *
   * @param searchDomains the search domains (default: the system's)
   * @return this builder
   */
  public HostResolverBuilder searchDomains(List<String> searchDomains) {
    Objects.requireNonNull(searchDomains, "searchDomains");
    List<String> copy = new ArrayList<>();
    for (String domain : searchDomains) {
      copy.add(dev.detour.resolver.internal.HostNames.normalize(domain));
    }
    this.searchDomains = List.copyOf(copy);
    return this;
  }

  /**
   * Sets ndots, from 0 to 15 (default: the system's, usually 1).
   *
   * @param ndots names with fewer dots are tried with the search domains first (default: the
   * @return this builder
   */
  public HostResolverBuilder ndots(int ndots) {
    if (ndots < 0 || ndots > 15) {
      throw new IllegalArgumentException("ndots: " + ndots + " (expected: 0 <= ndots <= 15)");
    }
    this.ndots = ndots;
    return this;
  }

  /**
   * Sets the timeout of one query to one server, from 1 ms to 1 min (default 1.5 s).
   *
   * @param queryTimeout the timeout of one query to one server (default 1.5 s)
   * @return this builder
   */
  public HostResolverBuilder queryTimeout(Duration queryTimeout) {
    this.queryTimeout =
        check("queryTimeout", queryTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
    return this;
  }

  /**
   * Sets the bound of one whole lookup, from 1 ms to 5 min (default 4 s). {@code resolve()} never
   * blocks much longer.
   *
   * @param totalTimeout the bound of one whole lookup, every server and type included (default 4 s)
   * @return this builder
   */
  public HostResolverBuilder totalTimeout(Duration totalTimeout) {
    this.totalTimeout =
        check("totalTimeout", totalTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
    return this;
  }

  /**
   * Sets the address families and their order (default {@link AddressOrder#IPV4_FIRST}).
   *
   * @param order which families, in which order (default {@link AddressOrder#IPV4_FIRST})
   * @return this builder
   */
  public HostResolverBuilder order(AddressOrder order) {
    this.order = Objects.requireNonNull(order, "order");
    return this;
  }

  /**
   * Sets the shortest caching time, from 0 to 1 day (default 5 s).
   *
   * @param minTtl the shortest time an answer is cached (default 5 s)
   * @return this builder
   */
  public HostResolverBuilder minTtl(Duration minTtl) {
    this.minTtl = check("minTtl", minTtl, Duration.ZERO, DAY);
    return this;
  }

  /**
   * Sets the longest caching time, from 1 s to 7 days (default 300 s).
   *
   * @param maxTtl the longest time an answer is cached (default 300 s)
   * @return this builder
   */
  public HostResolverBuilder maxTtl(Duration maxTtl) {
    this.maxTtl = check("maxTtl", maxTtl, Duration.ofSeconds(1), WEEK);
    return this;
  }

  /**
   * Sets how long NXDOMAIN and empty answers are cached, from 0 to 1 h (default 5 s).
   *
   * @param negativeTtl how long NXDOMAIN and empty answers are cached (default 5 s)
   * @return this builder
   */
  public HostResolverBuilder negativeTtl(Duration negativeTtl) {
    this.negativeTtl = check("negativeTtl", negativeTtl, Duration.ZERO, Duration.ofHours(1));
    return this;
  }

  /**
   * Sets how long past its expiry an answer is served when DNS fails, from 0 (serve-stale off) to 7
   * days (default 24 h).
   *
   * @param maxStale how long past its expiry an answer is served when DNS fails (default 24 h)
   * @return this builder
   */
  public HostResolverBuilder maxStale(Duration maxStale) {
    this.maxStale = check("maxStale", maxStale, Duration.ZERO, WEEK);
    return this;
  }

  /**
   * Sets the first wait between retries of a failing host, from 1 ms to 1 day (default 30 s); it
   * doubles after each failure, up to 5 minutes.
   *
   * @param staleRetry the first wait between retries of a failing host; doubles up to 5 min
   *     (default
   * @return this builder
   */
  public HostResolverBuilder staleRetry(Duration staleRetry) {
    this.staleRetry = check("staleRetry", staleRetry, Duration.ofMillis(1), DAY);
    return this;
  }

  /**
   * Sets the fraction of the TTL after which a used entry is refreshed in the background, from 0.1
   * to 1.0 (default 0.75; 1.0 turns refresh-ahead off).
   *
   * @param refreshAheadRatio the fraction of the TTL after which a used entry is refreshed in the
   * @return this builder
   */
  public HostResolverBuilder refreshAheadRatio(double refreshAheadRatio) {
    if (!(refreshAheadRatio >= 0.1 && refreshAheadRatio <= 1.0)) {
      throw new IllegalArgumentException(
          "refreshAheadRatio: "
              + refreshAheadRatio
              + " (expected: 0.1 <= refreshAheadRatio <= 1.0)");
    }
    this.refreshAheadRatio = refreshAheadRatio;
    return this;
  }

  /**
   * Sets how long, after one family's addresses arrive, the resolver waits for the other family,
   * from 0 to 2 s (default 50 ms, RFC 8305).
   *
   * @param resolutionDelay how long one family's answer waits for the other's (default 50 ms)
   * @return this builder
   */
  public HostResolverBuilder resolutionDelay(Duration resolutionDelay) {
    this.resolutionDelay =
        check("resolutionDelay", resolutionDelay, Duration.ZERO, Duration.ofSeconds(2));
    return this;
  }

  /**
   * Sets the most host names cached, from 1 to 10,000,000 (default 10,000; about 1 KB each).
   *
   * @param maxEntries the most host names cached (default 10,000; about 1 KB each)
   * @return this builder
   */
  public HostResolverBuilder maxEntries(int maxEntries) {
    if (maxEntries < 1 || maxEntries > 10_000_000) {
      throw new IllegalArgumentException(
          "maxEntries: " + maxEntries + " (expected: 1 <= maxEntries <= 10000000)");
    }
    this.maxEntries = maxEntries;
    return this;
  }

  /**
   * Sets the hosts file consulted before DNS and turns the hosts-file lookup on (default
   * /etc/hosts); a missing file counts as empty.
   *
   * @param hostsFile the hosts file consulted before DNS, or {@code null} for none (default
   * @return this builder
   */
  public HostResolverBuilder hostsFile(Path hostsFile) {
    this.hostsFile = Objects.requireNonNull(hostsFile, "hostsFile");
    this.useHostsFile = true;
    return this;
  }

  /**
   * Turns the hosts-file lookup on or off (default on).
   *
   * @param useHostsFile whether the hosts file is consulted
   * @return this builder
   */
  public HostResolverBuilder useHostsFile(boolean useHostsFile) {
    this.useHostsFile = useHostsFile;
    return this;
  }

  /**
   * Sets the time and thread seam (default: a {@code Scheduler.system("detour-resolver")} owned and
   * closed by the resolver). A scheduler given here is not closed by the resolver.
   *
   * @param scheduler the time and thread seam to use
   * @return this builder
   */
  public HostResolverBuilder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Sets the listener of lookup and query events (default {@link ResolverEventListener#NOOP}).
   *
   * @param eventListener the listener
   * @return this builder
   */
  public HostResolverBuilder eventListener(ResolverEventListener eventListener) {
    this.eventListener = Objects.requireNonNull(eventListener, "eventListener");
    return this;
  }

  /**
   * Returns the validated, immutable configuration; unset servers, search domains and ndots are
   * read from the system (/etc/resolv.conf).
   *
   * @return the validated, immutable configuration
   * @throws IllegalArgumentException if {@code minTtl > maxTtl} or {@code queryTimeout >
   *     totalTimeout}
   */
  public HostResolverConfig config() {
    if (servers != null && searchDomains != null && ndots != null) {
      return validated(servers, searchDomains, ndots);
    }
    checkRanges();
    SystemDnsConfig system = SystemDnsConfig.read(servers == null);
    return validated(
        servers != null ? servers : system.servers(),
        searchDomains != null ? searchDomains : system.searchDomains(),
        ndots != null ? ndots : system.ndots());
  }

  /**
   * Builds the resolver. Unset servers, search domains and ndots are read from the system when a
   * lookup first needs them, not here: a resolver given its servers and asked only for names in the
   * hosts file or IP literals never reads the system's DNS settings, and one given servers but no
   * search domains reads only the search path (see the README).
   *
   * @return the resolver, which the caller owns and closes
   * @throws IllegalArgumentException if {@code minTtl > maxTtl} or {@code queryTimeout >
   *     totalTimeout}
   */
  public HostResolver build() {
    // placeholders where the system's values are read later by DnsSettings
    HostResolverConfig config =
        validated(
            servers != null ? servers : List.of(),
            searchDomains != null ? searchDomains : List.of(),
            ndots != null ? ndots : 1);
    DnsSettings dns = new DnsSettings(servers, searchDomains, ndots, SystemDnsConfig::read);
    return scheduler == null
        ? new DefaultHostResolver(
            config, dns, Scheduler.system("detour-resolver"), true, eventListener, null)
        : new DefaultHostResolver(config, dns, scheduler, false, eventListener, null);
  }

  private void checkRanges() {
    if (minTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException(
          "minTtl: "
              + Durations.format(minTtl)
              + ", maxTtl: "
              + Durations.format(maxTtl)
              + " (expected: minTtl <= maxTtl)");
    }
    if (queryTimeout.compareTo(totalTimeout) > 0) {
      throw new IllegalArgumentException(
          "queryTimeout: "
              + Durations.format(queryTimeout)
              + ", totalTimeout: "
              + Durations.format(totalTimeout)
              + " (expected: queryTimeout <= totalTimeout)");
    }
  }

  private HostResolverConfig validated(
      List<InetSocketAddress> servers, List<String> searchDomains, int ndots) {
    checkRanges();
    return new HostResolverConfig(
        servers,
        searchDomains,
        ndots,
        queryTimeout,
        totalTimeout,
        order,
        minTtl,
        maxTtl,
        negativeTtl,
        maxStale,
        staleRetry,
        refreshAheadRatio,
        resolutionDelay,
        maxEntries,
        useHostsFile ? hostsFile : null);
  }

  private static Duration check(String name, Duration value, Duration min, Duration max) {
    return Durations.requireInRange(name, value, min, max);
  }
}
