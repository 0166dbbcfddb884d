package dev.detour.router.jdbc.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Secrets;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.router.RouterConfig;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Picks the {@code detour.*} settings out of connection properties and turns them into a {@link
 * RouterConfig}. Stateless.
 */
public final class DetourKeys {

  /** The property that carries the connection token from the driver to the socket factory. */
  public static final String TOKEN = "detour.token";

  /** The pool's key prefix, which a driver connection rejects. */
  static final String POOL_PREFIX = "detour.pool.";

  private DetourKeys() {}

  /** Returns every {@code detour.*} key of {@code source} except {@link #TOKEN}, sorted. */
  public static Map<String, String> from(Map<String, String> source) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : source.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("detour.") && !k.equals(TOKEN)) {
        out.put(k, e.getValue());
      }
    }
    return out;
  }

  /** Like {@link #from(Map)}, reading the string properties (defaults included). */
  public static Map<String, String> from(Properties source) {
    Map<String, String> map = new TreeMap<>();
    for (String name : source.stringPropertyNames()) {
      map.put(name, source.getProperty(name));
    }
    return from(map);
  }

  /**
   * Returns the router configuration the {@code detour.*} keys of {@code source} describe.
   *
   * @throws ConfigException for an unknown key (with a "did you mean") or a bad value, of the
   *     router or of the resolver, and for any {@code detour.pool.*} key (a connection does not
   *     pool)
   */
  public static RouterConfig config(Map<String, String> source) {
    return configOf(from(source));
  }

  /** Like {@link #config(Map)}, reading the string properties (defaults included). */
  public static RouterConfig config(Properties source) {
    return configOf(from(source));
  }

  private static RouterConfig configOf(Map<String, String> keys) {
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (e.getKey().startsWith(POOL_PREFIX)) {
        // RouterConfig ignores the pool's keys (a properties file holds them all); a connection
        // does not pool, so here such a key is a mistake that would otherwise be silently dropped.
        String shown = Secrets.isSecretKey(e.getKey()) ? Secrets.MASK : e.getValue();
        throw new ConfigException(
            e.getKey(),
            e.getKey()
                + ": '"
                + shown
                + "' (expected: not given to the jdbc:detour: driver; detour.pool.* settings are"
                + " read by dev.detour.pool.DetourDataSource)");
      }
    }
    if (keys.isEmpty()) {
      return RouterConfig.defaults();
    }
    RouterConfig config = RouterConfig.fromProperties(keys);
    // RouterConfig carries detour.resolver.* keys unparsed; check them now (the builder only,
    // nothing is started) so that a misspelled resolver key fails before any connect.
    HostResolverBuilder.fromProperties(keys);
    return config;
  }
}
