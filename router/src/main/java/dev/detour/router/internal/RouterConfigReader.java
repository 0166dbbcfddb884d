package dev.detour.router.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Durations;
import dev.detour.core.Settings;
import dev.detour.router.RouterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads a {@link RouterConfig} from {@code detour.*} keys, and holds the range checks its
 * constructor runs (with the error texts of the README). Stateless.
 */
public final class RouterConfigReader {

  /** One millisecond, the smallest duration most knobs accept. */
  public static final Duration MS = Duration.ofMillis(1);

  /** One hour, the largest duration most knobs accept. */
  public static final Duration HOUR = Duration.ofHours(1);

  private RouterConfigReader() {}

  /** See {@link RouterConfig#fromProperties(Map)}. */
  public static RouterConfig read(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Settings.checkModulePrefixes(
        properties,
        List.of(
            RouterConfig.PREFIX,
            RouterConfig.RESOLVER_PREFIX,
            RouterConfig.OTHER_MODULE_PREFIXES.get(0),
            RouterConfig.OTHER_MODULE_PREFIXES.get(1)));
    Settings s = Settings.of(RouterConfig.PREFIX, properties, RouterConfig.KEYS);
    RouterConfig d = RouterConfig.defaults();
    Map<String, String> resolver = new TreeMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String v = e.getValue();
      if (e.getKey().startsWith(RouterConfig.RESOLVER_PREFIX)) {
        resolver.put(e.getKey(), v == null ? "" : v.trim());
      }
    }
    ResolverFactory.validate(resolver);
    Duration day = Duration.ofDays(1);
    return RouterConfig.builder()
        .connectBudget(s.duration("connectBudget", d.connectBudget(), Duration.ofMillis(10), HOUR))
        .attemptDelay(s.duration("attemptDelay", d.attemptDelay(), MS, Duration.ofMinutes(1)))
        .minAttemptDelay(
            s.duration("minAttemptDelay", d.minAttemptDelay(), MS, Duration.ofMinutes(1)))
        .maxAttemptDelay(
            s.duration("maxAttemptDelay", d.maxAttemptDelay(), MS, Duration.ofMinutes(1)))
        .maxConcurrentAttempts(
            s.intValue("maxConcurrentAttempts", d.maxConcurrentAttempts(), 1, 64))
        .minAttemptTimeout(s.duration("minAttemptTimeout", d.minAttemptTimeout(), MS, HOUR))
        .maxAttemptTimeout(s.duration("maxAttemptTimeout", d.maxAttemptTimeout(), MS, HOUR))
        .openDelay(s.duration("openDelay", d.openDelay(), MS, HOUR))
        .maxOpenDelay(s.duration("maxOpenDelay", d.maxOpenDelay(), MS, day))
        .openJitter(s.doubleValue("openJitter", d.openJitter(), 0, 1))
        .failuresToOpen(s.intValue("failuresToOpen", d.failuresToOpen(), 1, 100))
        .panicThreshold(s.doubleValue("panicThreshold", d.panicThreshold(), 0, 1))
        .probe(s.enumValue("probe", RouterConfig.ProbeMode.class, d.probe()))
        .probeTimeout(s.duration("probeTimeout", d.probeTimeout(), MS, Duration.ofMinutes(1)))
        .keepAliveIdle(s.duration("keepAliveIdle", d.keepAliveIdle(), Duration.ofSeconds(1), day))
        .keepAliveInterval(
            s.duration("keepAliveInterval", d.keepAliveInterval(), Duration.ofSeconds(1), day))
        .keepAliveCount(s.intValue("keepAliveCount", d.keepAliveCount(), 1, 127))
        .tcpNoDelay(s.bool("tcpNoDelay", d.tcpNoDelay()))
        .learning(s.bool("learning", d.learning()))
        .handshakeHedge(s.bool("handshakeHedge", d.handshakeHedge()))
        .resolverProperties(resolver)
        .build();
  }

  /** Checks that {@code value} is within [min, max]. */
  public static void check(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          RouterConfig.PREFIX + name,
          RouterConfig.PREFIX
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

  /** Checks that {@code value} is within [min, max]. */
  public static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException(
          RouterConfig.PREFIX + name,
          RouterConfig.PREFIX + name + ": " + value + " (expected " + min + " to " + max + ")");
    }
  }

  /** Checks that {@code low <= high}. */
  public static void order(String lowName, Duration low, String highName, Duration high) {
    if (low.compareTo(high) > 0) {
      throw new ConfigException(
          RouterConfig.PREFIX + lowName,
          RouterConfig.PREFIX
              + lowName
              + ": "
              + Durations.format(low)
              + ", "
              + RouterConfig.PREFIX
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
}
