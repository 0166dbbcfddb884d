package dev.detour.spring.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Settings;
import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.router.RouterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code detour.*} keys the starter accepts, indexed by Spring's uniform form so that any
 * relaxed spelling finds Detour's canonical camel-case key. The resolver's, router's and pool's and
 * listener's lists are the modules' own. Immutable.
 */
public final class KnownKeys {

  /** Keys the starter itself reads; they are not passed to the modules. */
  public static final List<String> STARTER_KEYS =
      List.of("detour.pool.enabled", "detour.listener.enabled");

  /** The listener's knobs, after {@code detour.listener.}: the listener's own list. */
  public static final List<String> LISTENER = DetourListener.KEYS;

  /** Pool keys that come from {@code spring.datasource.*} in a Spring application. */
  static final Map<String, String> FROM_SPRING_DATASOURCE =
      Map.of(
          "url", "spring.datasource.url",
          "username", "spring.datasource.username",
          "password", "spring.datasource.password",
          "passwordFile", "spring.datasource.password");

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
    for (String name : DetourDataSource.KEYS) {
      if (!FROM_SPRING_DATASOURCE.containsKey(name)) {
        put(map, DetourDataSource.PREFIX + name);
      }
    }
    for (String name : LISTENER) {
      put(map, DetourSettings.LISTENER_PREFIX + name);
    }
    for (String key : STARTER_KEYS) {
      put(map, key);
    }
    this.canonicalByUniform = Collections.unmodifiableMap(map);
  }

  private static void put(Map<String, String> map, String canonical) {
    map.put(EnvironmentKeys.uniform(canonical), canonical);
  }

  /** Returns the keys of the modules. */
  public static KnownKeys get() {
    return INSTANCE;
  }

  /**
   * Returns Detour's canonical spelling of a key given in any relaxed spelling.
   *
   * @param entry the key as a property source has it
   * @return for example {@code detour.router.connectBudget}, or {@code
   *     detour.pool.hikari.maximumPoolSize}
   * @throws ConfigException for an unknown key (with a "did you mean"), or a pool key that a Spring
   *     application sets through {@code spring.datasource.*}
   */
  public String canonical(EnvironmentKeys.Entry entry) {
    String uniform = entry.uniform();
    String known = canonicalByUniform.get(uniform);
    if (known != null) {
      return known;
    }
    String hikari = EnvironmentKeys.uniform(DetourDataSource.HIKARI_PREFIX);
    if (uniform.startsWith(hikari + ".")) {
      return DetourDataSource.HIKARI_PREFIX
          + HikariNames.canonical(uniform.substring(hikari.length() + 1), entry.written());
    }
    for (Map.Entry<String, String> e : FROM_SPRING_DATASOURCE.entrySet()) {
      if (uniform.equals(EnvironmentKeys.uniform(DetourDataSource.PREFIX + e.getKey()))) {
        throw new ConfigException(
            entry.written(),
            entry.written()
                + ": not used by the Spring Boot starter (expected "
                + e.getValue()
                + ")");
      }
    }
    throw new ConfigException(
        entry.written(), Settings.unknownKeyMessage(entry.written(), dashedNear(uniform)));
  }

  /**
   * Returns the known keys in Spring's dashed form, those of the same module as {@code uniform} if
   * it names a known module, else all of them.
   */
  List<String> dashedNear(String uniform) {
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
