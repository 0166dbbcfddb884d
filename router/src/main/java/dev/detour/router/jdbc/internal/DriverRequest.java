package dev.detour.router.jdbc.internal;

import dev.detour.core.ConfigException;
import dev.detour.core.Secrets;
import dev.detour.router.RouterConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the driver hands to pgjdbc for one {@code jdbc:detour:} connect: the {@code
 * jdbc:postgresql:} URL and the properties, with Detour's settings added and every {@code detour.*}
 * key validated.
 *
 * <p>Added properties:
 *
 * <ol>
 *   <li>{@code socketFactory}: {@link #FACTORY_CLASS}. Another value is an error.
 *   <li>{@code connectTimeout}: the connect budget in whole seconds, rounded up; a smaller positive
 *       value given by the user is kept.
 *   <li>{@code loginTimeout}: <em>not</em> set. Detour's watchdog already bounds the whole physical
 *       connection (TLS, startup, auth) by closing the socket at the budget, which also frees the
 *       blocked thread; pgjdbc's {@code loginTimeout} would instead start a new thread for every
 *       connect and abandon it blocked on timeout (FACTS.md). A positive value given by the user,
 *       at most the budget, is passed on as given.
 *   <li>{@code tcpKeepAlive}: {@code true} unless the user set it (pgjdbc switches keepalive off on
 *       the router's socket when it is false).
 *   <li>{@code detour.token}: added by the driver per physical connection.
 * </ol>
 *
 * <p>pgjdbc lets URL parameters win over properties, so these keys are removed from the URL and
 * their final values passed as properties. Immutable except for the {@link Properties} copy it
 * hands out.
 *
 * @param url the parsed URL
 * @param pgjdbcUrl the URL to give pgjdbc
 * @param properties the properties to give pgjdbc, with the token if one was given
 * @param config the validated router configuration
 */
public record DriverRequest(
    DetourUrl url, String pgjdbcUrl, Properties properties, RouterConfig config) {

  /** The socket factory class the driver installs. */
  public static final String FACTORY_CLASS = "dev.detour.router.jdbc.RoutingSocketFactory";

  static final String SOCKET_FACTORY = "socketFactory";
  static final String LOGIN_TIMEOUT = "loginTimeout";
  static final String CONNECT_TIMEOUT = "connectTimeout";
  static final String TCP_KEEP_ALIVE = "tcpKeepAlive";

  /** The keys the driver sets itself; they are taken out of the URL. */
  public static final Set<String> MANAGED_KEYS =
      Set.of(SOCKET_FACTORY, LOGIN_TIMEOUT, CONNECT_TIMEOUT, TCP_KEEP_ALIVE, DetourKeys.TOKEN);

  /**
   * Validates and prepares a connect.
   *
   * @param url the parsed URL
   * @param info the caller's properties (may be null)
   * @throws ConfigException for an unknown or invalid {@code detour.*} key
   * @throws IllegalArgumentException for a conflicting or invalid pgjdbc property
   */
  public static DriverRequest prepare(DetourUrl url, Properties info) {
    return of(plan(url, settings(info)), info);
  }

  /**
   * Returns the properties of {@code info} that {@link #plan} reads: every {@code detour.*} key and
   * the keys the driver manages. Everything else (user, password, pgjdbc's own settings) is passed
   * through untouched and does not change the plan.
   */
  public static Map<String, String> settings(Properties info) {
    Map<String, String> out = new TreeMap<>();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        if (name.startsWith("detour.") || MANAGED_KEYS.contains(name)) {
          out.put(name, info.getProperty(name));
        }
      }
    }
    return out;
  }

  /**
   * The part of a request that depends only on the URL and the {@linkplain #settings settings}:
   * validated once, reusable for every connect with the same two.
   *
   * @param url the parsed URL
   * @param pgjdbcUrl the URL to give pgjdbc
   * @param config the validated router configuration
   * @param loginTimeout the {@code loginTimeout} to pass on, or null for none
   * @param connectTimeout the {@code connectTimeout} to pass on
   * @param keepAlive the {@code tcpKeepAlive} to pass on
   */
  public record Plan(
      DetourUrl url,
      String pgjdbcUrl,
      RouterConfig config,
      String loginTimeout,
      String connectTimeout,
      String keepAlive) {

    /** Returns a description without the pgjdbc URL (its parameters may hold a password). */
    @Override
    public String toString() {
      return "Plan{" + url + ", " + config + "}";
    }
  }

  /**
   * Validates {@code url} with {@code settings} (URL parameters win, as in pgjdbc).
   *
   * @throws ConfigException for an unknown or invalid {@code detour.*} key
   * @throws IllegalArgumentException for a conflicting or invalid pgjdbc property
   */
  public static Plan plan(DetourUrl url, Map<String, String> settings) {
    Map<String, String> merged = new TreeMap<>(settings);
    merged.putAll(url.params());

    if (merged.containsKey(DetourKeys.TOKEN)) {
      throw new ConfigException(
          DetourKeys.TOKEN,
          DetourKeys.TOKEN + ": set by the jdbc:detour: driver itself (expected: not given)");
    }
    RouterConfig config = DetourKeys.config(merged);

    String factory = merged.get(SOCKET_FACTORY);
    if (factory != null && !factory.isBlank() && !factory.trim().equals(FACTORY_CLASS)) {
      throw new IllegalArgumentException(
          SOCKET_FACTORY
              + ": '"
              + factory
              + "' (expected: not given; jdbc:detour: installs "
              + FACTORY_CLASS
              + ". Use a jdbc:postgresql: URL for another socket factory)");
    }
    long budgetSeconds = ceilSeconds(config.connectBudget());
    String loginTimeout = userLoginTimeout(merged, budgetSeconds);
    String connectTimeout = seconds(merged, CONNECT_TIMEOUT, budgetSeconds, false);
    String keepAlive = merged.get(TCP_KEEP_ALIVE);
    if (keepAlive == null) {
      keepAlive = "true";
    } else if (!keepAlive.trim().equalsIgnoreCase("true")
        && !keepAlive.trim().equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          TCP_KEEP_ALIVE + ": '" + keepAlive + "' (expected true or false)");
    }
    return new Plan(
        url,
        url.pgjdbcUrl(MANAGED_KEYS),
        config,
        loginTimeout,
        connectTimeout,
        keepAlive.trim().toLowerCase(Locale.ROOT));
  }

  /** Returns the request of one connect: {@code info} with the plan's properties set. */
  public static DriverRequest of(Plan plan, Properties info) {
    return of(plan, info, null);
  }

  /**
   * Like {@link #of(Plan, Properties)}, with the connection token added to the same copy (one copy
   * of the caller's properties per connect).
   *
   * @param token the connection token, or null for none
   */
  public static DriverRequest of(Plan plan, Properties info, String token) {
    Properties out = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        out.setProperty(name, info.getProperty(name));
      }
    }
    out.setProperty(SOCKET_FACTORY, FACTORY_CLASS);
    if (plan.loginTimeout() == null) {
      out.remove(LOGIN_TIMEOUT);
    } else {
      out.setProperty(LOGIN_TIMEOUT, plan.loginTimeout());
    }
    out.setProperty(CONNECT_TIMEOUT, plan.connectTimeout());
    out.setProperty(TCP_KEEP_ALIVE, plan.keepAlive());
    if (token != null) {
      out.setProperty(DetourKeys.TOKEN, token);
    }
    return new DriverRequest(plan.url(), plan.pgjdbcUrl(), out, plan.config());
  }

  /**
   * Returns the values of every secret property and URL parameter (such as the password), so that
   * an error message can be checked for them.
   */
  public Set<String> secretValues() {
    Set<String> out = new HashSet<>();
    for (String name : properties.stringPropertyNames()) {
      if (Secrets.isSecretKey(name) && !properties.getProperty(name).isEmpty()) {
        out.add(properties.getProperty(name));
      }
    }
    url.params()
        .forEach(
            (name, value) -> {
              if (Secrets.isSecretKey(name) && !value.isEmpty()) {
                out.add(value);
              }
            });
    return out;
  }

  /** Returns {@code d} in whole seconds, rounded up, at least 1. */
  static long ceilSeconds(Duration d) {
    long millis = Math.max(1, d.toMillis());
    return Math.max(1, (millis + 999) / 1000);
  }

  /**
   * The user's positive {@code loginTimeout} up to the budget, or null (the watchdog bounds it).
   */
  private static String userLoginTimeout(Map<String, String> merged, long budgetSeconds) {
    String raw = merged.get(LOGIN_TIMEOUT);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String checked = seconds(merged, LOGIN_TIMEOUT, budgetSeconds, true);
    return checked.equals(raw.trim()) ? checked : null;
  }

  /**
   * Returns the user's value of {@code key} if it is positive and at most {@code budgetSeconds},
   * otherwise {@code budgetSeconds}.
   */
  private static String seconds(
      Map<String, String> merged, String key, long budgetSeconds, boolean fractionAllowed) {
    String raw = merged.get(key);
    if (raw == null || raw.isBlank()) {
      return Long.toString(budgetSeconds);
    }
    double value;
    try {
      value = fractionAllowed ? Double.parseDouble(raw.trim()) : Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key
              + ": '"
              + raw
              + "' (expected "
              + (fractionAllowed ? "a number of seconds" : "a whole number of seconds")
              + ", such as "
              + budgetSeconds
              + ")",
          e);
    }
    if (!(value > 0) || value > budgetSeconds) {
      // 0 would mean "no limit" to pgjdbc; the budget is the limit.
      return Long.toString(budgetSeconds);
    }
    return raw.trim();
  }

  /** Returns a description without the properties' values (they may hold a password). */
  @Override
  public String toString() {
    return "DriverRequest{" + url + ", " + config + "}";
  }
}
