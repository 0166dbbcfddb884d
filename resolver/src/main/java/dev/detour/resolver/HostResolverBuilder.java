package dev.detour.resolver;

import dev.detour.core.ConfigException;
import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.core.Settings;
import dev.detour.resolver.internal.DefaultHostResolver;
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

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);

  private List<InetSocketAddress> servers;
  private List<String> searchDomains;
  private Integer ndots;
  private Duration queryTimeout = Duration.ofMillis(1500);
  private Duration totalTimeout = Duration.ofSeconds(4);
  private AddressOrder order = AddressOrder.IPV4_FIRST;
  private Duration minTtl = Duration.ofSeconds(5);
  private Duration maxTtl = Duration.ofSeconds(300);
  private Duration negativeTtl = Duration.ofSeconds(5);
  private Duration maxStale = Duration.ofHours(24);
  private Duration staleRetry = Duration.ofSeconds(30);
  private double refreshAheadRatio = 0.75;
  private Duration resolutionDelay = Duration.ofMillis(50);
  private int maxEntries = 10_000;
  private Path hostsFile = Path.of("/etc/hosts");
  private boolean useHostsFile = true;
  private Scheduler scheduler;
  private ResolverEventListener eventListener = ResolverEventListener.NOOP;

  HostResolverBuilder() {}

  /**
   * Returns a builder with the defaults, overridden by the {@code detour.resolver.*} keys of {@code
   * properties} (other keys are ignored).
   *
   * @throws ConfigException for an unknown {@code detour.resolver.*} key (with a "did you mean"), a
   *     bad value, {@code minTtl > maxTtl}, {@code queryTimeout > totalTimeout} or a bad server
   *     address; the message names the key and the value
   */
  public static HostResolverBuilder fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Settings s = Settings.of(PREFIX, properties, PROPERTY_NAMES);
    HostResolverBuilder b = new HostResolverBuilder();
    if (s.raw("servers").isPresent()) {
      List<InetSocketAddress> parsed = new ArrayList<>();
      List<String> entries = s.list("servers", List.of());
      if (entries.isEmpty()) {
        throw s.fail("servers", s.raw("servers").get(), "host:port,... with IP literals", null);
      }
      for (String entry : entries) {
        try {
          parsed.add(ServerAddresses.parse(entry));
        } catch (IllegalArgumentException e) {
          throw s.fail(
              "servers",
              s.raw("servers").get(),
              "IP:port entries such as 127.0.0.1:53 or [::1]:53, port 1..65535; bad entry '"
                  + entry
                  + "'",
              e);
        }
      }
      b.servers(parsed);
    }
    if (s.raw("search").isPresent()) {
      b.searchDomains(s.list("search", List.of()));
    }
    if (s.raw("ndots").isPresent()) {
      b.ndots(s.intValue("ndots", 1, 0, 15));
    }
    b.queryTimeout(
        s.duration("queryTimeout", b.queryTimeout, Duration.ofMillis(1), Duration.ofMinutes(1)));
    b.totalTimeout(
        s.duration("totalTimeout", b.totalTimeout, Duration.ofMillis(1), Duration.ofMinutes(5)));
    b.order(s.enumValue("order", AddressOrder.class, b.order));
    b.minTtl(s.duration("minTtl", b.minTtl, Duration.ZERO, DAY));
    b.maxTtl(s.duration("maxTtl", b.maxTtl, Duration.ofSeconds(1), WEEK));
    b.negativeTtl(s.duration("negativeTtl", b.negativeTtl, Duration.ZERO, Duration.ofHours(1)));
    b.maxStale(s.duration("maxStale", b.maxStale, Duration.ZERO, WEEK));
    b.staleRetry(s.duration("staleRetry", b.staleRetry, Duration.ofMillis(1), DAY));
    b.refreshAheadRatio(s.doubleValue("refreshAheadRatio", b.refreshAheadRatio, 0.1, 1.0));
    b.resolutionDelay(
        s.duration("resolutionDelay", b.resolutionDelay, Duration.ZERO, Duration.ofSeconds(2)));
    b.maxEntries(s.intValue("maxEntries", b.maxEntries, 1, 10_000_000));
    if (s.raw("hostsFile").isPresent()) {
      String raw = s.raw("hostsFile").get();
      if (raw.isEmpty()) {
        throw s.fail("hostsFile", raw, "a file path", null);
      }
      b.hostsFile(Path.of(raw));
    }
    b.useHostsFile(s.bool("useHostsFile", true));
    if (b.minTtl.compareTo(b.maxTtl) > 0) {
      throw new ConfigException(
          PREFIX + "minTtl",
          PREFIX
              + "minTtl: '"
              + Durations.format(b.minTtl)
              + "', "
              + PREFIX
              + "maxTtl: '"
              + Durations.format(b.maxTtl)
              + "' (expected minTtl <= maxTtl)");
    }
    if (b.queryTimeout.compareTo(b.totalTimeout) > 0) {
      throw new ConfigException(
          PREFIX + "queryTimeout",
          PREFIX
              + "queryTimeout: '"
              + Durations.format(b.queryTimeout)
              + "', "
              + PREFIX
              + "totalTimeout: '"
              + Durations.format(b.totalTimeout)
              + "' (expected queryTimeout <= totalTimeout)");
    }
    return b;
  }

  /** Sets every value setting from {@code config} (not the scheduler or the event listener). */
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
      useHostsFile(true);
    }
    return this;
  }

  /**
   * Sets the DNS servers, tried in order (default: the system's). Each must be an IP address (not a
   * name) with a port from 1 to 65535.
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

  /** Sets the search domains (default: the system's). An empty list turns search off. */
  public HostResolverBuilder searchDomains(List<String> searchDomains) {
    Objects.requireNonNull(searchDomains, "searchDomains");
    List<String> copy = new ArrayList<>();
    for (String domain : searchDomains) {
      copy.add(dev.detour.resolver.internal.HostNames.normalize(domain));
    }
    this.searchDomains = List.copyOf(copy);
    return this;
  }

  /** Sets ndots, from 0 to 15 (default: the system's, usually 1). */
  public HostResolverBuilder ndots(int ndots) {
    if (ndots < 0 || ndots > 15) {
      throw new IllegalArgumentException("ndots: " + ndots + " (expected: 0 <= ndots <= 15)");
    }
    this.ndots = ndots;
    return this;
  }

  /** Sets the timeout of one query to one server, from 1 ms to 1 min (default 1.5 s). */
  public HostResolverBuilder queryTimeout(Duration queryTimeout) {
    this.queryTimeout =
        check("queryTimeout", queryTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
    return this;
  }

  /**
   * Sets the bound of one whole lookup, from 1 ms to 5 min (default 4 s). {@code resolve()} never
   * blocks much longer.
   */
  public HostResolverBuilder totalTimeout(Duration totalTimeout) {
    this.totalTimeout =
        check("totalTimeout", totalTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
    return this;
  }

  /** Sets the address families and their order (default {@link AddressOrder#IPV4_FIRST}). */
  public HostResolverBuilder order(AddressOrder order) {
    this.order = Objects.requireNonNull(order, "order");
    return this;
  }

  /** Sets the shortest caching time, from 0 to 1 day (default 5 s). */
  public HostResolverBuilder minTtl(Duration minTtl) {
    this.minTtl = check("minTtl", minTtl, Duration.ZERO, DAY);
    return this;
  }

  /** Sets the longest caching time, from 1 s to 7 days (default 300 s). */
  public HostResolverBuilder maxTtl(Duration maxTtl) {
    this.maxTtl = check("maxTtl", maxTtl, Duration.ofSeconds(1), WEEK);
    return this;
  }

  /** Sets how long NXDOMAIN and empty answers are cached, from 0 to 1 h (default 5 s). */
  public HostResolverBuilder negativeTtl(Duration negativeTtl) {
    this.negativeTtl = check("negativeTtl", negativeTtl, Duration.ZERO, Duration.ofHours(1));
    return this;
  }

  /**
   * Sets how long past its expiry an answer is served when DNS fails, from 0 (serve-stale off) to 7
   * days (default 24 h).
   */
  public HostResolverBuilder maxStale(Duration maxStale) {
    this.maxStale = check("maxStale", maxStale, Duration.ZERO, WEEK);
    return this;
  }

  /**
   * Sets the first wait between retries of a failing host, from 1 ms to 1 day (default 30 s); it
   * doubles after each failure, up to 5 minutes.
   */
  public HostResolverBuilder staleRetry(Duration staleRetry) {
    this.staleRetry = check("staleRetry", staleRetry, Duration.ofMillis(1), DAY);
    return this;
  }

  /**
   * Sets the fraction of the TTL after which a used entry is refreshed in the background, from 0.1
   * to 1.0 (default 0.75; 1.0 turns refresh-ahead off).
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
   */
  public HostResolverBuilder resolutionDelay(Duration resolutionDelay) {
    this.resolutionDelay =
        check("resolutionDelay", resolutionDelay, Duration.ZERO, Duration.ofSeconds(2));
    return this;
  }

  /** Sets the most host names cached, from 1 to 10,000,000 (default 10,000; about 1 KB each). */
  public HostResolverBuilder maxEntries(int maxEntries) {
    if (maxEntries < 1 || maxEntries > 10_000_000) {
      throw new IllegalArgumentException(
          "maxEntries: " + maxEntries + " (expected: 1 <= maxEntries <= 10000000)");
    }
    this.maxEntries = maxEntries;
    return this;
  }

  /** Sets the hosts file consulted before DNS (default /etc/hosts); a missing file is empty. */
  public HostResolverBuilder hostsFile(Path hostsFile) {
    this.hostsFile = Objects.requireNonNull(hostsFile, "hostsFile");
    return this;
  }

  /** Turns the hosts-file lookup on or off (default on). */
  public HostResolverBuilder useHostsFile(boolean useHostsFile) {
    this.useHostsFile = useHostsFile;
    return this;
  }

  /**
   * Sets the time and thread seam (default: a {@code Scheduler.system("detour-resolver")} owned and
   * closed by the resolver). A scheduler given here is not closed by the resolver.
   */
  public HostResolverBuilder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /** Sets the listener of lookup and query events (default {@link ResolverEventListener#NOOP}). */
  public HostResolverBuilder eventListener(ResolverEventListener eventListener) {
    this.eventListener = Objects.requireNonNull(eventListener, "eventListener");
    return this;
  }

  /**
   * Returns the validated, immutable configuration; unset servers, search domains and ndots are
   * read from the system (/etc/resolv.conf).
   *
   * @throws IllegalArgumentException if {@code minTtl > maxTtl} or {@code queryTimeout >
   *     totalTimeout}
   */
  public HostResolverConfig config() {
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
    SystemDnsConfig system =
        servers == null || searchDomains == null || ndots == null
            ? SystemDnsConfig.current()
            : null;
    return new HostResolverConfig(
        servers != null ? servers : system.servers(),
        searchDomains != null ? searchDomains : system.searchDomains(),
        ndots != null ? ndots : system.ndots(),
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

  /** Builds the resolver. */
  public HostResolver build() {
    HostResolverConfig config = config();
    return scheduler == null
        ? new DefaultHostResolver(
            config, Scheduler.system("detour-resolver"), true, eventListener, null)
        : new DefaultHostResolver(config, scheduler, false, eventListener, null);
  }

  private static Duration check(String name, Duration value, Duration min, Duration max) {
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
