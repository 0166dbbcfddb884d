package dev.detour.resolver.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Durations;
import dev.detour.core.Settings;
import dev.detour.resolver.AddressOrder;
import dev.detour.resolver.HostResolverBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code detour.resolver.*} properties into a {@link HostResolverBuilder}. Every error is
 * a {@link ConfigException} naming the key, the value and what was expected.
 */
public final class ResolverProperties {

  private static final String PREFIX = HostResolverBuilder.PREFIX;
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);

  private ResolverProperties() {}

  /** Applies the resolver keys of {@code properties} to {@code builder}; other keys are ignored. */
  public static void apply(Map<String, String> properties, HostResolverBuilder builder) {
    Settings s = Settings.of(PREFIX, properties, HostResolverBuilder.PROPERTY_NAMES);
    if (s.raw("servers").isPresent()) {
      builder.servers(servers(s));
    }
    if (s.raw("search").isPresent()) {
      builder.searchDomains(s.list("search", List.of()));
    }
    if (s.raw("ndots").isPresent()) {
      builder.ndots(s.intValue("ndots", 1, 0, 15));
    }
    Duration queryTimeout =
        s.duration(
            "queryTimeout",
            HostResolverBuilder.DEFAULT_QUERY_TIMEOUT,
            Duration.ofMillis(1),
            Duration.ofMinutes(1));
    Duration totalTimeout =
        s.duration(
            "totalTimeout",
            HostResolverBuilder.DEFAULT_TOTAL_TIMEOUT,
            Duration.ofMillis(1),
            Duration.ofMinutes(5));
    Duration minTtl = s.duration("minTtl", HostResolverBuilder.DEFAULT_MIN_TTL, Duration.ZERO, DAY);
    Duration maxTtl =
        s.duration("maxTtl", HostResolverBuilder.DEFAULT_MAX_TTL, Duration.ofSeconds(1), WEEK);
    checkOrder("minTtl", minTtl, "maxTtl", maxTtl);
    checkOrder("queryTimeout", queryTimeout, "totalTimeout", totalTimeout);
    builder
        .queryTimeout(queryTimeout)
        .totalTimeout(totalTimeout)
        .minTtl(minTtl)
        .maxTtl(maxTtl)
        .order(s.enumValue("order", AddressOrder.class, AddressOrder.IPV4_FIRST))
        .negativeTtl(
            s.duration(
                "negativeTtl",
                HostResolverBuilder.DEFAULT_NEGATIVE_TTL,
                Duration.ZERO,
                Duration.ofHours(1)))
        .maxStale(
            s.duration("maxStale", HostResolverBuilder.DEFAULT_MAX_STALE, Duration.ZERO, WEEK))
        .staleRetry(
            s.duration(
                "staleRetry", HostResolverBuilder.DEFAULT_STALE_RETRY, Duration.ofMillis(1), DAY))
        .refreshAheadRatio(
            s.doubleValue(
                "refreshAheadRatio", HostResolverBuilder.DEFAULT_REFRESH_AHEAD_RATIO, 0.1, 1.0))
        .resolutionDelay(
            s.duration(
                "resolutionDelay",
                HostResolverBuilder.DEFAULT_RESOLUTION_DELAY,
                Duration.ZERO,
                Duration.ofSeconds(2)))
        .maxEntries(
            s.intValue("maxEntries", HostResolverBuilder.DEFAULT_MAX_ENTRIES, 1, 10_000_000));
    if (s.raw("hostsFile").isPresent()) {
      String raw = s.raw("hostsFile").get();
      if (raw.isEmpty()) {
        throw s.fail("hostsFile", raw, "a file path", null);
      }
      builder.hostsFile(Path.of(raw));
    }
    if (s.raw("useHostsFile").isPresent()) {
      builder.useHostsFile(s.bool("useHostsFile", true));
    }
  }

  private static List<InetSocketAddress> servers(Settings s) {
    String raw = s.raw("servers").get();
    List<String> entries = s.list("servers", List.of());
    if (entries.isEmpty()) {
      throw s.fail("servers", raw, "IP:port entries such as 127.0.0.1:53 or [::1]:53", null);
    }
    List<InetSocketAddress> parsed = new ArrayList<>();
    for (String entry : entries) {
      try {
        parsed.add(ServerAddresses.parse(entry));
      } catch (IllegalArgumentException e) {
        throw s.fail(
            "servers",
            raw,
            "IP:port entries such as 127.0.0.1:53 or [::1]:53, port 1..65535; bad entry '"
                + entry
                + "'",
            e);
      }
    }
    return parsed;
  }

  private static void checkOrder(String lowName, Duration low, String highName, Duration high) {
    if (low.compareTo(high) > 0) {
      throw new ConfigException(
          PREFIX + lowName,
          PREFIX
              + lowName
              + ": '"
              + Durations.format(low)
              + "', "
              + PREFIX
              + highName
              + ": '"
              + Durations.format(high)
              + "' (expected "
              + lowName
              + " <= "
              + highName
              + ")");
    }
  }
}
