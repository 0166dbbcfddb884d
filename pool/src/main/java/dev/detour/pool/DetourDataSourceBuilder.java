package dev.detour.pool;

import dev.detour.core.Durations;
import dev.detour.core.Secrets;
import dev.detour.pool.internal.PoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link DetourDataSource} ({@link DetourDataSource#builder()}). Every setter stores a
 * key; {@link #build()} validates them all, so a builder and a properties file fail the same way.
 * Not thread-safe.
 */
public final class DetourDataSourceBuilder {
  private final Map<String, String> keys = new TreeMap<>();
  private Object meterRegistry;

  DetourDataSourceBuilder() {}

  /**
   * The JDBC URL, {@code jdbc:detour:postgresql://...} or {@code jdbc:postgresql://...}.
   *
   * @param jdbcDetourOrPostgresUrl the jdbc detour or postgres url
   * @return this builder
   */
  public DetourDataSourceBuilder url(String jdbcDetourOrPostgresUrl) {
    return property(PoolSettings.PREFIX + "url", jdbcDetourOrPostgresUrl);
  }

  /**
   * The database user.
   *
   * @param username the username
   * @return this builder
   */
  public DetourDataSourceBuilder username(String username) {
    return property(PoolSettings.PREFIX + "username", username);
  }

  /**
   * The password; never logged or echoed.
   *
   * @param password the password
   * @return this builder
   */
  public DetourDataSourceBuilder password(String password) {
    return property(PoolSettings.PREFIX + "password", password);
  }

  /**
   * A file holding the password (trailing whitespace is dropped).
   *
   * @param file the file
   * @return this builder
   */
  public DetourDataSourceBuilder passwordFile(Path file) {
    return property(PoolSettings.PREFIX + "passwordFile", file == null ? null : file.toString());
  }

  /**
   * Sets any key: {@code detour.pool.*}, {@code detour.router.*}, {@code detour.resolver.*}, or a
   * pgjdbc property. A later value for the same key wins.
   *
   * @throws IllegalArgumentException if {@code key} or {@code value} is null
   * @param key the key
   * @param value the value
   * @return this builder
   */
  public DetourDataSourceBuilder property(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException(
          "property: "
              + key
              + "="
              + (key != null && Secrets.isSecretKey(key) ? Secrets.MASK : value)
              + " (expected a key and a value, neither null)");
    }
    keys.put(key, value);
    return this;
  }

  /**
   * Sets one of Hikari's own knobs, as {@code detour.pool.hikari.<hikariProperty>}.
   *
   * @param hikariProperty the hikari property
   * @param value the value
   * @return this builder
   */
  public DetourDataSourceBuilder hikari(String hikariProperty, String value) {
    return property(PoolSettings.HIKARI_PREFIX + hikariProperty, value);
  }

  /**
   * The pool size: 1 to 10000; default 10 (Hikari's too).
   *
   * @param size the size
   * @return this builder
   */
  public DetourDataSourceBuilder maximumPoolSize(int size) {
    return property(PoolSettings.PREFIX + "maximumPoolSize", Integer.toString(size));
  }

  /**
   * How long a borrow waits: 250ms to 1h; default 5s (Hikari's is 30s).
   *
   * @param timeout the timeout
   * @return this builder
   */
  public DetourDataSourceBuilder acquireTimeout(Duration timeout) {
    return duration("acquireTimeout", timeout);
  }

  /**
   * How long a connection check may take: 250ms to 1h, below the acquire timeout; default 2s.
   *
   * @param timeout the timeout
   * @return this builder
   */
  public DetourDataSourceBuilder validationTimeout(Duration timeout) {
    return duration("validationTimeout", timeout);
  }

  /**
   * pgjdbc's {@code socketTimeout} for pooled connections, whole seconds; default 30s; {@link
   * Duration#ZERO} turns it off (reads then block until TCP gives up, which a stalled proxy never
   * makes it do).
   *
   * @param timeout the timeout
   * @return this builder
   */
  public DetourDataSourceBuilder socketTimeout(Duration timeout) {
    return duration("socketTimeout", timeout);
  }

  /**
   * How long a borrow on an address whose breaker opened for a timeout or a stall may last before
   * the pool aborts it: its query fails at once with an error naming the address, and its slot
   * frees for a connection on a healthy address, instead of waiting out the pooled socket timeout.
   * When a borrow reaches half of it, the pool asks the router to check the borrow's address
   * ({@link dev.detour.router.Router#suspect}), so that an address that went silent opens without
   * waiting for a socket timeout. 100ms to 1d; default the validation timeout (2s); {@link
   * Duration#ZERO} turns both off. The trade-off: a long healthy query on an address whose breaker
   * opened is cut; one on an address that answers the check is not.
   *
   * @param threshold the threshold
   * @return this builder
   */
  public DetourDataSourceBuilder stalledBorrowAbort(Duration threshold) {
    return duration("stalledBorrowAbort", threshold);
  }

  /**
   * The pool's name in thread names, logs and metrics; default {@code detour-<host>}.
   *
   * @param name the name
   * @return this builder
   */
  public DetourDataSourceBuilder poolName(String name) {
    return property(PoolSettings.PREFIX + "poolName", name);
  }

  /**
   * A Micrometer {@code MeterRegistry} for Hikari's {@code hikaricp.*} and the pool's {@code
   * detour.pool.*} metrics. Typed {@code Object} so that the pool loads without Micrometer.
   *
   * @throws IllegalArgumentException if {@code registry} is not a Micrometer {@code MeterRegistry}
   * @param registry the registry
   * @return this builder
   */
  public DetourDataSourceBuilder meterRegistry(Object registry) {
    if (registry != null && !isMeterRegistry(registry.getClass())) {
      throw new IllegalArgumentException(
          "meterRegistry: "
              + registry.getClass().getName()
              + " (expected an io.micrometer.core.instrument.MeterRegistry)");
    }
    this.meterRegistry = registry;
    return this;
  }

  private static boolean isMeterRegistry(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      if (k.getName().equals("io.micrometer.core.instrument.MeterRegistry")) {
        return true;
      }
    }
    return false;
  }

  private DetourDataSourceBuilder duration(String name, Duration d) {
    if (d == null) {
      throw new IllegalArgumentException(
          PoolSettings.PREFIX + name + ": null (expected a duration)");
    }
    return property(PoolSettings.PREFIX + name, d.isZero() ? "0" : Durations.format(d));
  }

  /**
   * Validates every key and starts the pool (it fills in the background; a database that is down
   * does not fail the build).
   *
   * @throws dev.detour.core.ConfigException naming the key, the value and what was expected
   * @return validates every key and starts the pool (it fills in the background; a database that is
   *     down does not fail the build)
   */
  public DetourDataSource build() {
    return new DetourDataSource(PoolSettings.of(keys), meterRegistry);
  }
}
