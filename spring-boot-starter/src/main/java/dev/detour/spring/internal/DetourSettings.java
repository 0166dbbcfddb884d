package dev.detour.spring.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Secrets;
import dev.detour.router.RouterConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.springframework.core.env.Environment;

/**
 * The {@code detour.*} keys of a Spring application, in Detour's canonical spelling, checked by the
 * modules' own rules: an unknown key fails with a "did you mean", a bad value with the module's
 * message (key, value, expected). The starter's own keys ({@link KnownKeys#STARTER_KEYS}) are left
 * out. Immutable.
 */
public final class DetourSettings {

  /** The prefix of the listener's keys, which the pool does not take. */
  public static final String LISTENER_PREFIX = "detour.listener.";

  /** The prefix of the pool's keys, which the listener does not take. */
  public static final String POOL_PREFIX = "detour.pool.";

  private final Map<String, String> keys;
  private final RouterConfig routerConfig;

  private DetourSettings(Map<String, String> keys, RouterConfig routerConfig) {
    this.keys = Collections.unmodifiableMap(keys);
    this.routerConfig = routerConfig;
  }

  /**
   * Reads and checks the {@code detour.*} keys of {@code environment}.
   *
   * @throws ConfigException for the first unknown key or bad value
   */
  public static DetourSettings from(Environment environment) {
    KnownKeys known = KnownKeys.get();
    Map<String, String> keys = new TreeMap<>();
    for (EnvironmentKeys.Entry entry : EnvironmentKeys.under(environment, "detour")) {
      String canonical = known.canonical(entry);
      if (!KnownKeys.STARTER_KEYS.contains(canonical)) {
        keys.put(canonical, entry.value());
      }
    }
    Map<String, String> routing = new TreeMap<>();
    keys.forEach(
        (k, v) -> {
          if (k.startsWith(RouterConfig.PREFIX) || k.startsWith(RouterConfig.RESOLVER_PREFIX)) {
            routing.put(k, v);
          }
        });
    return new DetourSettings(keys, RouterConfig.fromProperties(routing));
  }

  /** Returns the canonical keys and their values, sorted. */
  public Map<String, String> keys() {
    return keys;
  }

  /** Returns the keys as {@link Properties}, for the modules' {@code fromProperties}. */
  public Properties toProperties() {
    Properties props = new Properties();
    props.putAll(keys);
    return props;
  }

  /** Returns the router configuration the keys describe. */
  public RouterConfig routerConfig() {
    return routerConfig;
  }

  @Override
  public String toString() {
    return "DetourSettings" + Secrets.redact(toProperties());
  }
}
