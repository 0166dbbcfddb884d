package dev.detour.resolver;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The immutable settings of a {@link HostResolver}, with value equality, so that resolvers (and
 * routers) can be keyed by their configuration. Built by {@link HostResolverBuilder#config()};
 * every field is validated there. Thread-safe.
 *
 * @param servers the DNS servers, tried in order (default: the system's, from /etc/resolv.conf)
 * @param searchDomains the search domains (default: the system's)
 * @param ndots names with fewer dots are tried with the search domains first (default: the
 *     system's, usually 1)
 * @param queryTimeout the timeout of one query to one server (default 1.5 s)
 * @param totalTimeout the bound of one whole lookup, every server and type included (default 4 s)
 * @param order which families, in which order (default {@link AddressOrder#IPV4_FIRST})
 * @param minTtl the shortest time an answer is cached (default 5 s)
 * @param maxTtl the longest time an answer is cached (default 300 s)
 * @param negativeTtl how long NXDOMAIN and empty answers are cached (default 5 s)
 * @param maxStale how long past its expiry an answer is served when DNS fails (default 24 h)
 * @param staleRetry the first wait between retries of a failing host; doubles up to 5 min (default
 *     30 s)
 * @param refreshAheadRatio the fraction of the TTL after which a used entry is refreshed in the
 *     background (default 0.75; 1.0 turns refresh-ahead off)
 * @param resolutionDelay how long one family's answer waits for the other's (default 50 ms)
 * @param maxEntries the most host names cached (default 10,000; about 1 KB each)
 * @param hostsFile the hosts file consulted before DNS, or {@code null} for none (default
 *     /etc/hosts)
 */
public record HostResolverConfig(
    List<InetSocketAddress> servers,
    List<String> searchDomains,
    int ndots,
    Duration queryTimeout,
    Duration totalTimeout,
    AddressOrder order,
    Duration minTtl,
    Duration maxTtl,
    Duration negativeTtl,
    Duration maxStale,
    Duration staleRetry,
    double refreshAheadRatio,
    Duration resolutionDelay,
    int maxEntries,
    Path hostsFile) {

  /**
   * Copies the lists and checks for nulls; ranges are checked by the builder.
   *
   * @param servers the DNS servers, tried in order (default: the system's, from /etc/resolv.conf)
   * @param searchDomains the search domains (default: the system's)
   * @param ndots names with fewer dots are tried with the search domains first (default: the
   * @param queryTimeout the timeout of one query to one server (default 1.5 s)
   * @param totalTimeout the bound of one whole lookup, every server and type included (default 4 s)
   * @param order which families, in which order (default {@link AddressOrder#IPV4_FIRST})
   * @param minTtl the shortest time an answer is cached (default 5 s)
   * @param maxTtl the longest time an answer is cached (default 300 s)
   * @param negativeTtl how long NXDOMAIN and empty answers are cached (default 5 s)
   * @param maxStale how long past its expiry an answer is served when DNS fails (default 24 h)
   * @param staleRetry the first wait between retries of a failing host; doubles up to 5 min
   *     (default
   * @param refreshAheadRatio the fraction of the TTL after which a used entry is refreshed in the
   * @param resolutionDelay how long one family's answer waits for the other's (default 50 ms)
   * @param maxEntries the most host names cached (default 10,000; about 1 KB each)
   * @param hostsFile the hosts file consulted before DNS, or {@code null} for none (default
   */
  public HostResolverConfig {
    servers = List.copyOf(servers);
    searchDomains = List.copyOf(searchDomains);
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(minTtl, "minTtl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    Objects.requireNonNull(negativeTtl, "negativeTtl");
    Objects.requireNonNull(maxStale, "maxStale");
    Objects.requireNonNull(staleRetry, "staleRetry");
    Objects.requireNonNull(resolutionDelay, "resolutionDelay");
  }
}
