package dev.detour.spring;

/**
 * The {@code detour.resolver.*} settings, as written in {@code application.properties} or {@code
 * application.yml}: DNS servers, timeouts, caching and the address family order.
 *
 * <p>Values are kept as written and checked by the resolver itself at start-up, so a bad value
 * fails with Detour's own message (key, value, expected). Defaults are those of {@code
 * HostResolverBuilder}. Not thread-safe: Spring binds it once at start-up.
 */
public class DetourResolverProperties {

  /**
   * DNS servers as IP:port entries, comma-separated (127.0.0.1:53, [::1]:53; port 53 if left out).
   * Default: the servers of /etc/resolv.conf.
   */
  private String servers;

  /**
   * Search domains, comma-separated; empty turns search off. Default: those of /etc/resolv.conf.
   */
  private String search;

  /**
   * Dots in a name below which the search domains are tried first. From 0 to 15. Default: that of
   * /etc/resolv.conf (usually 1).
   */
  private String ndots;

  /** Time for one query to one DNS server. From 1ms to 1m, at most total-timeout. */
  private String queryTimeout = "1500ms";

  /**
   * Time for one whole lookup: every server, both address families, the search list. From 1ms to
   * 5m.
   */
  private String totalTimeout = "4s";

  /** Address families and their order: IPV4_FIRST, IPV4_ONLY, IPV6_FIRST or IPV6_ONLY. */
  private String order = "IPV4_FIRST";

  /** Shortest time an answer is cached, whatever its TTL. From 0 to 1d, at most max-ttl. */
  private String minTtl = "5s";

  /** Longest time an answer is cached, whatever its TTL. From 1s to 7d. */
  private String maxTtl = "300s";

  /** Time NXDOMAIN and empty answers are cached. From 0 to 1h. */
  private String negativeTtl = "5s";

  /**
   * How long past expiry the last good answer is served while DNS fails; 0 turns it off. From 0 to
   * 7d.
   */
  private String maxStale = "24h";

  /** First wait between retries of a host whose lookups fail; doubles up to 5m. From 1ms to 1d. */
  private String staleRetry = "30s";

  /**
   * Fraction of the TTL after which an answer is refreshed in the background; 1.0 turns it off.
   * From 0.1 to 1.0.
   */
  private String refreshAheadRatio = "0.75";

  /** Wait for the other address family after one answered (RFC 8305). From 0 to 2s. */
  private String resolutionDelay = "50ms";

  /** Host names kept in the cache. From 1 to 10000000. */
  private String maxEntries = "10000";

  /** Hosts file consulted before DNS; a missing file counts as empty. */
  private String hostsFile = "/etc/hosts";

  /** Whether the hosts file is consulted before DNS. */
  private String useHostsFile = "true";

  /** Creates the holder with every default. */
  public DetourResolverProperties() {}

  /**
   * Returns the raw value of {@code detour.resolver.servers}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getServers() {
    return servers;
  }

  /**
   * Sets the raw value of {@code detour.resolver.servers}.
   *
   * @param servers the value as written
   */
  public void setServers(String servers) {
    this.servers = servers;
  }

  /**
   * Returns the raw value of {@code detour.resolver.search}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getSearch() {
    return search;
  }

  /**
   * Sets the raw value of {@code detour.resolver.search}.
   *
   * @param search the value as written
   */
  public void setSearch(String search) {
    this.search = search;
  }

  /**
   * Returns the raw value of {@code detour.resolver.ndots}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getNdots() {
    return ndots;
  }

  /**
   * Sets the raw value of {@code detour.resolver.ndots}.
   *
   * @param ndots the value as written
   */
  public void setNdots(String ndots) {
    this.ndots = ndots;
  }

  /**
   * Returns the raw value of {@code detour.resolver.queryTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getQueryTimeout() {
    return queryTimeout;
  }

  /**
   * Sets the raw value of {@code detour.resolver.queryTimeout}.
   *
   * @param queryTimeout the value as written
   */
  public void setQueryTimeout(String queryTimeout) {
    this.queryTimeout = queryTimeout;
  }

  /**
   * Returns the raw value of {@code detour.resolver.totalTimeout}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getTotalTimeout() {
    return totalTimeout;
  }

  /**
   * Sets the raw value of {@code detour.resolver.totalTimeout}.
   *
   * @param totalTimeout the value as written
   */
  public void setTotalTimeout(String totalTimeout) {
    this.totalTimeout = totalTimeout;
  }

  /**
   * Returns the raw value of {@code detour.resolver.order}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getOrder() {
    return order;
  }

  /**
   * Sets the raw value of {@code detour.resolver.order}.
   *
   * @param order the value as written
   */
  public void setOrder(String order) {
    this.order = order;
  }

  /**
   * Returns the raw value of {@code detour.resolver.minTtl}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMinTtl() {
    return minTtl;
  }

  /**
   * Sets the raw value of {@code detour.resolver.minTtl}.
   *
   * @param minTtl the value as written
   */
  public void setMinTtl(String minTtl) {
    this.minTtl = minTtl;
  }

  /**
   * Returns the raw value of {@code detour.resolver.maxTtl}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxTtl() {
    return maxTtl;
  }

  /**
   * Sets the raw value of {@code detour.resolver.maxTtl}.
   *
   * @param maxTtl the value as written
   */
  public void setMaxTtl(String maxTtl) {
    this.maxTtl = maxTtl;
  }

  /**
   * Returns the raw value of {@code detour.resolver.negativeTtl}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getNegativeTtl() {
    return negativeTtl;
  }

  /**
   * Sets the raw value of {@code detour.resolver.negativeTtl}.
   *
   * @param negativeTtl the value as written
   */
  public void setNegativeTtl(String negativeTtl) {
    this.negativeTtl = negativeTtl;
  }

  /**
   * Returns the raw value of {@code detour.resolver.maxStale}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxStale() {
    return maxStale;
  }

  /**
   * Sets the raw value of {@code detour.resolver.maxStale}.
   *
   * @param maxStale the value as written
   */
  public void setMaxStale(String maxStale) {
    this.maxStale = maxStale;
  }

  /**
   * Returns the raw value of {@code detour.resolver.staleRetry}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getStaleRetry() {
    return staleRetry;
  }

  /**
   * Sets the raw value of {@code detour.resolver.staleRetry}.
   *
   * @param staleRetry the value as written
   */
  public void setStaleRetry(String staleRetry) {
    this.staleRetry = staleRetry;
  }

  /**
   * Returns the raw value of {@code detour.resolver.refreshAheadRatio}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getRefreshAheadRatio() {
    return refreshAheadRatio;
  }

  /**
   * Sets the raw value of {@code detour.resolver.refreshAheadRatio}.
   *
   * @param refreshAheadRatio the value as written
   */
  public void setRefreshAheadRatio(String refreshAheadRatio) {
    this.refreshAheadRatio = refreshAheadRatio;
  }

  /**
   * Returns the raw value of {@code detour.resolver.resolutionDelay}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getResolutionDelay() {
    return resolutionDelay;
  }

  /**
   * Sets the raw value of {@code detour.resolver.resolutionDelay}.
   *
   * @param resolutionDelay the value as written
   */
  public void setResolutionDelay(String resolutionDelay) {
    this.resolutionDelay = resolutionDelay;
  }

  /**
   * Returns the raw value of {@code detour.resolver.maxEntries}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getMaxEntries() {
    return maxEntries;
  }

  /**
   * Sets the raw value of {@code detour.resolver.maxEntries}.
   *
   * @param maxEntries the value as written
   */
  public void setMaxEntries(String maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Returns the raw value of {@code detour.resolver.hostsFile}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getHostsFile() {
    return hostsFile;
  }

  /**
   * Sets the raw value of {@code detour.resolver.hostsFile}.
   *
   * @param hostsFile the value as written
   */
  public void setHostsFile(String hostsFile) {
    this.hostsFile = hostsFile;
  }

  /**
   * Returns the raw value of {@code detour.resolver.useHostsFile}.
   *
   * @return the value as written, validated by Detour at start-up
   */
  public String getUseHostsFile() {
    return useHostsFile;
  }

  /**
   * Sets the raw value of {@code detour.resolver.useHostsFile}.
   *
   * @param useHostsFile the value as written
   */
  public void setUseHostsFile(String useHostsFile) {
    this.useHostsFile = useHostsFile;
  }
}
