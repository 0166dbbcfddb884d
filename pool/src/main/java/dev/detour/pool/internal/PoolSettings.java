package dev.detour.pool.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Durations;
import dev.detour.core.Secrets;
import dev.detour.core.Settings;
import dev.detour.router.RouterConfig;
import dev.detour.router.jdbc.internal.DetourUrl;
import dev.detour.router.jdbc.internal.DriverRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The validated settings of one pool, read from {@code detour.pool.*} keys, the router's and
 * resolver's {@code detour.*} keys and pgjdbc's own properties. Immutable.
 *
 * <p>Every error is a {@link ConfigException} naming the key, the value (masked for secrets) and
 * what was expected; an unknown {@code detour.pool.*} key gets a "did you mean".
 */
public final class PoolSettings {

  /** The pool's key prefix. */
  public static final String PREFIX = "detour.pool.";

  /** The prefix of Hikari's own knobs. */
  public static final String HIKARI_PREFIX = PREFIX + "hikari.";

  /** The names after {@link #PREFIX} that are understood (besides {@code hikari.*}). */
  public static final List<String> KEYS =
      List.of(
          "url",
          "username",
          "password",
          "passwordFile",
          "maximumPoolSize",
          "acquireTimeout",
          "validationTimeout",
          "socketTimeout",
          "stalledBorrowAbort",
          "poolName");

  /** The default acquire timeout (Hikari's {@code connectionTimeout} is 30 s). */
  public static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5);

  /** The default validation timeout (Hikari's is 5 s). */
  public static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);

  /** The default pooled socket timeout (pgjdbc's is 0, reads block forever). */
  public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  /** The default pool size (Hikari's too). */
  public static final int MAXIMUM_POOL_SIZE = 10;

  private static final Duration MIN_STALLED_BORROW_ABORT = Duration.ofMillis(100);
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(250); // Hikari's own floor
  private static final Duration HOUR = Duration.ofHours(1);

  private final String url;
  private final DetourUrl parsed;
  private final RouterConfig routerConfig;
  private final Properties driverProperties;
  private final int maximumPoolSize;
  private final Duration acquireTimeout;
  private final Duration validationTimeout;
  private final Duration socketTimeout;
  private final Duration stalledBorrowAbort;
  private final String poolName;
  private final Map<String, String> hikari;

  private PoolSettings(Map<String, String> all) {
    Settings s = Settings.of(PREFIX, withoutHikari(all), KEYS);
    String rawUrl =
        s.raw("url")
            .orElseThrow(
                () ->
                    new ConfigException(
                        PREFIX + "url",
                        PREFIX
                            + "url: not set (expected a jdbc:detour:postgresql:// or"
                            + " jdbc:postgresql:// URL)"));
    this.url = toDetourUrl(rawUrl);
    Map<String, String> detourKeys = new TreeMap<>();
    Properties driver = new Properties();
    for (Map.Entry<String, String> e : all.entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (key.startsWith(PREFIX)) {
        continue;
      }
      if (key.startsWith("detour.")) {
        detourKeys.put(key, value);
      }
      if (key.equals("socketTimeout")) {
        throw new ConfigException(
            key,
            "socketTimeout: '"
                + value
                + "' (expected: not given; set "
                + PREFIX
                + "socketTimeout, which the pool applies to every pooled connection)");
      }
      driver.setProperty(key, value);
    }
    try {
      this.parsed = DetourUrl.parse(url);
      this.routerConfig = DriverRequest.plan(parsed, detourKeys).config();
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(PREFIX + "url", PREFIX + "url: " + e.getMessage(), e);
    }
    for (String key : parsed.params().keySet()) {
      if (key.startsWith(PREFIX)) {
        throw new ConfigException(
            key,
            key + ": in the URL (expected: a pool setting, given as a property, not in the URL)");
      }
    }
    s.raw("username").ifPresent(u -> driver.setProperty("user", u));
    String password = password(s);
    if (password != null) {
      driver.setProperty("password", password);
    }
    this.maximumPoolSize = s.intValue("maximumPoolSize", MAXIMUM_POOL_SIZE, 1, 10_000);
    this.acquireTimeout = s.duration("acquireTimeout", ACQUIRE_TIMEOUT, MIN_TIMEOUT, HOUR);
    // unset, it follows a short acquire timeout down (Hikari needs it below the acquire timeout)
    Duration validationDefault =
        VALIDATION_TIMEOUT.compareTo(acquireTimeout.dividedBy(2)) <= 0
            ? VALIDATION_TIMEOUT
            : max(MIN_TIMEOUT, acquireTimeout.dividedBy(2));
    this.validationTimeout = s.duration("validationTimeout", validationDefault, MIN_TIMEOUT, HOUR);
    if (validationTimeout.compareTo(acquireTimeout) >= 0) {
      throw new ConfigException(
          PREFIX + "validationTimeout",
          PREFIX
              + "validationTimeout: "
              + Durations.format(validationTimeout)
              + ", "
              + PREFIX
              + "acquireTimeout: "
              + Durations.format(acquireTimeout)
              + " (expected: validationTimeout < acquireTimeout)");
    }
    this.socketTimeout = socketTimeout(s);
    if (!socketTimeout.isZero()) {
      driver.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
    }
    this.stalledBorrowAbort = stalledBorrowAbort(s, validationTimeout);
    this.poolName = s.raw("poolName").orElse("detour-" + parsed.host());
    if (poolName.isBlank()) {
      throw s.fail("poolName", poolName, "a non-empty name", null);
    }
    this.driverProperties = driver;
    Map<String, String> knobs = new TreeMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith(HIKARI_PREFIX)) {
            knobs.put(k.substring(HIKARI_PREFIX.length()), v == null ? "" : v.trim());
          }
        });
    HikariKnobs.check(knobs, s.names());
    this.hikari = Map.copyOf(knobs);
  }

  /**
   * Reads and validates {@code all}: every key of a properties file or a builder.
   *
   * @throws ConfigException naming the key, the value and what was expected
   */
  public static PoolSettings of(Map<String, String> all) {
    return new PoolSettings(new TreeMap<>(all));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Map<String, String> withoutHikari(Map<String, String> all) {
    Map<String, String> out = new TreeMap<>();
    all.forEach(
        (k, v) -> {
          if (!k.startsWith(HIKARI_PREFIX)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static String toDetourUrl(String raw) {
    if (raw.startsWith("jdbc:postgresql:")) {
      return DetourUrl.PREFIX + raw.substring("jdbc:".length());
    }
    if (raw.startsWith(DetourUrl.PREFIX)) {
      return raw;
    }
    throw new ConfigException(
        PREFIX + "url",
        PREFIX
            + "url: '"
            + Secrets.redactUrl(raw)
            + "' (expected a jdbc:detour:postgresql:// or jdbc:postgresql:// URL)");
  }

  private static String password(Settings s) {
    if (s.raw("password").isPresent() && s.raw("passwordFile").isPresent()) {
      throw new ConfigException(
          PREFIX + "passwordFile",
          PREFIX + "password and " + PREFIX + "passwordFile are both set (expected one of them)");
    }
    if (s.raw("password").isPresent()) {
      return s.raw("password").get();
    }
    if (s.raw("passwordFile").isEmpty()) {
      return null;
    }
    String file = s.raw("passwordFile").get();
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      return text.strip(); // a trailing newline is never part of a password
    } catch (IOException | RuntimeException e) {
      // the file's path is not a secret (Settings.fail would mask it, as the key names a password)
      throw new ConfigException(
          PREFIX + "passwordFile",
          PREFIX
              + "passwordFile: '"
              + file
              + "' (expected a readable file holding the password; "
              + e
              + ")",
          e);
    }
  }

  private static Duration socketTimeout(Settings s) {
    String given = s.raw("socketTimeout").orElse("");
    if (given.equals("0") || given.equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    Duration d = s.duration("socketTimeout", SOCKET_TIMEOUT, Duration.ZERO, Duration.ofDays(1));
    if (!d.isZero() && (d.toMillis() % 1000 != 0)) {
      String raw = s.raw("socketTimeout").orElse("");
      throw s.fail(
          "socketTimeout", raw, "0 (off) or whole seconds from 1s to 1d, such as 30s", null);
    }
    return d;
  }

  private static Duration stalledBorrowAbort(Settings s, Duration validationTimeout) {
    String given = s.raw("stalledBorrowAbort").orElse("");
    if (given.equals("0") || given.equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    // parsed with open bounds, so that every range error says that 0 turns it off
    Duration d =
        s.duration(
            "stalledBorrowAbort",
            validationTimeout,
            Duration.ZERO,
            ChronoUnit.FOREVER.getDuration());
    if (!d.isZero()
        && (d.compareTo(MIN_STALLED_BORROW_ABORT) < 0 || d.compareTo(Duration.ofDays(1)) > 0)) {
      throw s.fail("stalledBorrowAbort", given, "0 (off) or a duration from 100ms to 1d", null);
    }
    return d;
  }

  /** Returns the {@code jdbc:detour:} URL (secrets inside it are not masked: never log it). */
  public String url() {
    return url;
  }

  /** Returns the host name of the URL. */
  public String host() {
    return parsed.host();
  }

  /** Returns the port of the URL. */
  public int port() {
    return parsed.port();
  }

  /** Returns the router configuration the driver will use for this URL and these keys. */
  public RouterConfig routerConfig() {
    return routerConfig;
  }

  /** Returns a copy of the properties to give the driver (user, password, pgjdbc, detour.*). */
  public Properties driverProperties() {
    Properties copy = new Properties();
    driverProperties.forEach(copy::put);
    return copy;
  }

  /** Returns the pool size. */
  public int maximumPoolSize() {
    return maximumPoolSize;
  }

  /** Returns the acquire timeout. */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /** Returns the validation timeout. */
  public Duration validationTimeout() {
    return validationTimeout;
  }

  /** Returns the pooled socket timeout; zero means off. */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /**
   * Returns how long a borrow on an address whose breaker opened for a timeout or stall may last
   * before it is aborted; zero means off. Unset, it is the validation timeout.
   */
  public Duration stalledBorrowAbort() {
    return stalledBorrowAbort;
  }

  /** Returns the pool's name. */
  public String poolName() {
    return poolName;
  }

  /** Returns Hikari's own knobs, by Hikari property name, validated. */
  public Map<String, String> hikari() {
    return hikari;
  }

  /** Returns the settings as text, with secrets masked. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add("url=" + Secrets.redactUrl(url));
    parts.add("maximumPoolSize=" + maximumPoolSize);
    parts.add("acquireTimeout=" + Durations.format(acquireTimeout));
    parts.add("validationTimeout=" + Durations.format(validationTimeout));
    parts.add(
        "socketTimeout=" + (socketTimeout.isZero() ? "off" : Durations.format(socketTimeout)));
    parts.add(
        "stalledBorrowAbort="
            + (stalledBorrowAbort.isZero() ? "off" : Durations.format(stalledBorrowAbort)));
    parts.add("hikari=" + hikari);
    return "PoolSettings" + parts;
  }
}
