package dev.detour.resolver.internal;

import dev.detour.resolver.HostResolverConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.xbill.DNS.Name;

/**
 * The servers, search domains and ndots of one resolver: the ones it was given, and for the others
 * the system's, read once, when a lookup first needs them (never at build time, and never for a
 * host answered by the hosts file or an IP literal). Thread-safe.
 *
 * <p>What needs the system configuration:
 *
 * <ul>
 *   <li>the servers, when none were given;
 *   <li>the search domains, when none were given (an empty list given turns search off);
 *   <li>ndots, when it was not given and the search domains are not empty.
 * </ul>
 *
 * A read for the search path alone does not look for system servers (see {@link
 * SystemDnsConfig#read}).
 */
public final class DnsSettings {

  private final List<InetSocketAddress> servers;
  private final List<String> searchDomains;
  private final Integer ndots;
  private final Function<Boolean, SystemDnsConfig> reader;
  private volatile SystemDnsConfig system;

  /**
   * @param servers the servers given, or {@code null} for the system's
   * @param searchDomains the search domains given (normal form), or {@code null} for the system's
   * @param ndots the ndots given, or {@code null} for the system's
   * @param reader reads the system configuration; its argument says whether servers are wanted
   */
  public DnsSettings(
      List<InetSocketAddress> servers,
      List<String> searchDomains,
      Integer ndots,
      Function<Boolean, SystemDnsConfig> reader) {
    this.servers = servers == null ? null : List.copyOf(servers);
    this.searchDomains = searchDomains == null ? null : List.copyOf(searchDomains);
    this.ndots = ndots;
    this.reader = reader;
  }

  /**
   * Settings that are all given: those of {@code config}; the system is never read.
   *
   * @param config a complete configuration
   * @return the settings
   */
  public static DnsSettings of(HostResolverConfig config) {
    return new DnsSettings(
        config.servers(),
        config.searchDomains(),
        config.ndots(),
        wantServers -> {
          throw new IllegalStateException("complete settings never read the system");
        });
  }

  /**
   * Returns the servers, reading the system's if none were given.
   *
   * @return the servers, in order; never empty
   */
  public List<InetSocketAddress> servers() {
    return servers != null ? servers : system().servers();
  }

  /**
   * Returns the absolute names to try for {@code host}, by {@link SearchPath}; reads the system's
   * search path only if it matters.
   *
   * @param host a host name in normal form
   * @return the names to try, in order
   */
  public List<Name> candidates(String host) {
    List<String> search = searchDomains != null ? searchDomains : system().searchDomains();
    if (search.isEmpty()) {
      return SearchPath.candidates(host, search, 1);
    }
    return SearchPath.candidates(host, search, ndots != null ? ndots : system().ndots());
  }

  /**
   * Returns {@code base} with the system's values in place of the ones not given (reading them if
   * needed).
   *
   * @param base a configuration whose servers, search domains and ndots are placeholders where not
   *     given
   * @return the complete configuration
   */
  public HostResolverConfig complete(HostResolverConfig base) {
    if (servers != null && searchDomains != null && ndots != null) {
      return base;
    }
    return new HostResolverConfig(
        servers(),
        searchDomains != null ? searchDomains : system().searchDomains(),
        ndots != null ? ndots : system().ndots(),
        base.queryTimeout(),
        base.totalTimeout(),
        base.order(),
        base.minTtl(),
        base.maxTtl(),
        base.negativeTtl(),
        base.maxStale(),
        base.staleRetry(),
        base.refreshAheadRatio(),
        base.resolutionDelay(),
        base.maxEntries(),
        base.hostsFile());
  }

  /**
   * Describes the servers without reading anything: the list, or "system" while not yet read.
   *
   * @return the description
   */
  public String describeServers() {
    if (servers != null) {
      return servers.toString();
    }
    SystemDnsConfig read = system;
    return read == null ? "system" : read.servers().toString();
  }

  private SystemDnsConfig system() {
    SystemDnsConfig read = system;
    if (read == null) {
      synchronized (this) {
        read = system;
        if (read == null) {
          read = reader.apply(servers == null);
          system = read;
        }
      }
    }
    return read;
  }
}
