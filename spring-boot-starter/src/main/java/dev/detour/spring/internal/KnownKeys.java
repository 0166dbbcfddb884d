package dev.detour.spring.internal;

import dev.detour.resolver.HostResolverBuilder;
import dev.detour.router.RouterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code detour.*} keys the starter accepts, taken from each module's own key list (never
 * copied), indexed by Spring's uniform form so that any relaxed spelling finds Detour's canonical
 * camel-case key. Immutable.
 */
public final class KnownKeys {

  /** Keys the starter itself reads; they are not passed to the modules. */
  public static final List<String> STARTER_KEYS =
      List.of("detour.pool.enabled", "detour.listener.enabled");

  private static final KnownKeys INSTANCE = new KnownKeys();

  private final Map<String, String> canonicalByUniform;

  private KnownKeys() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : HostResolverBuilder.PROPERTY_NAMES) {
      put(map, HostResolverBuilder.PREFIX + name);
    }
    for (String name : RouterConfig.KEYS) {
      put(map, RouterConfig.PREFIX + name);
    }
    for (String key : STARTER_KEYS) {
      put(map, key);
    }
    this.canonicalByUniform = Collections.unmodifiableMap(map);
  }

  private static void put(Map<String, String> map, String canonical) {
    map.put(EnvironmentKeys.uniform(canonical), canonical);
  }

  /** Returns the keys of the modules on the classpath. */
  public static KnownKeys get() {
    return INSTANCE;
  }

  /**
   * Returns the canonical key (such as {@code detour.router.connectBudget}), or null if unknown.
   */
  public String canonical(String uniform) {
    return canonicalByUniform.get(uniform);
  }

  /**
   * Returns the known keys in Spring's dashed form, those of the same module as {@code uniform} if
   * it names a known module, else all of them.
   */
  public List<String> dashedNear(String uniform) {
    String[] parts = uniform.split("\\.");
    String module = parts.length > 1 ? parts[0] + "." + parts[1] + "." : "";
    List<String> same = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (String canonical : canonicalByUniform.values()) {
      String dashed = EnvironmentKeys.dashed(canonical);
      all.add(dashed);
      if (EnvironmentKeys.uniform(canonical).startsWith(module)) {
        same.add(dashed);
      }
    }
    return same.isEmpty() ? all : same;
  }
}
