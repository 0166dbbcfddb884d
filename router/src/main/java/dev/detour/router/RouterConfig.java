package dev.detour.router;

import dev.detour.core.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable settings of a {@link Router}; equal configs share a router in the {@link
 * RouterRegistry}.
 *
 * <p>(Skeleton: the router issue fills in the knobs. Minimal stub added on branch router-jdbc so
 * the JDBC layer compiles; the engine's version replaces it.)
 */
public final class RouterConfig {

  /** The key prefix of the router's settings. */
  public static final String PREFIX = "detour.router.";

  /** The names (after {@link #PREFIX}) that {@link #fromProperties(Map)} understands. */
  public static final List<String> KEYS = List.of("connectBudget");

  private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
  private static final RouterConfig DEFAULTS = new RouterConfig(DEFAULT_BUDGET);

  private final Duration connectBudget;

  private RouterConfig(Duration connectBudget) {
    this.connectBudget = connectBudget;
  }

  /** Returns the configuration with every default. */
  public static RouterConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Reads {@code detour.router.*} and {@code detour.resolver.*} keys (stub: only {@code
   * detour.router.connectBudget}).
   */
  public static RouterConfig fromProperties(Map<String, String> properties) {
    Settings.checkModulePrefixes(
        properties,
        List.of("detour.router.", "detour.resolver.", "detour.pool.", "detour.listener."));
    Settings router = Settings.of(PREFIX, properties, KEYS);
    return new RouterConfig(
        router.duration(
            "connectBudget", DEFAULT_BUDGET, Duration.ofMillis(100), Duration.ofMinutes(10)));
  }

  /** Returns the budget of one whole physical connection. */
  public Duration connectBudget() {
    return connectBudget;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouterConfig && ((RouterConfig) o).connectBudget.equals(connectBudget);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connectBudget);
  }

  @Override
  public String toString() {
    return "RouterConfig{connectBudget=" + connectBudget + "}";
  }
}
