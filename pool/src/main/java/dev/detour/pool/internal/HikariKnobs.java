package dev.detour.pool.internal;

import com.zaxxer.hikari.HikariConfig;
import dev.detour.core.ConfigException;
import dev.detour.core.Settings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hikari's own knobs, given as {@code detour.pool.hikari.<property>}: which ones may be set, their
 * types, and how they reach a {@link HikariConfig}. Stateless.
 *
 * <p>Knobs that the pool sets itself (the URL, the credentials, the data source, the thread
 * factory, the exception override, metrics) are not accepted: they would bypass the router.
 */
public final class HikariKnobs {

  private enum Type {
    LONG,
    INT,
    BOOL,
    TEXT
  }

  private static final Map<String, Type> KNOBS = new TreeMap<>();

  static {
    for (String name :
        List.of(
            "connectionTimeout",
            "idleTimeout",
            "keepaliveTime",
            "maxLifetime",
            "validationTimeout",
            "leakDetectionThreshold",
            "initializationFailTimeout")) {
      KNOBS.put(name, Type.LONG);
    }
    KNOBS.put("maximumPoolSize", Type.INT);
    KNOBS.put("minimumIdle", Type.INT);
    for (String name :
        List.of(
            "autoCommit",
            "readOnly",
            "isolateInternalQueries",
            "allowPoolSuspension",
            "registerMbeans")) {
      KNOBS.put(name, Type.BOOL);
    }
    for (String name :
        List.of(
            "poolName",
            "catalog",
            "schema",
            "connectionTestQuery",
            "connectionInitSql",
            "transactionIsolation")) {
      KNOBS.put(name, Type.TEXT);
    }
  }

  /** Knobs that also have a {@code detour.pool.*} key: setting both is an error. */
  private static final Map<String, String> SHADOWED =
      Map.of(
          "connectionTimeout", "acquireTimeout",
          "validationTimeout", "validationTimeout",
          "maximumPoolSize", "maximumPoolSize",
          "poolName", "poolName");

  private HikariKnobs() {}

  /**
   * Checks every knob's name and value.
   *
   * @param knobs by Hikari property name
   * @param poolNames the {@code detour.pool.*} names that were set
   * @throws ConfigException for an unknown knob (with a "did you mean"), a bad value, or a knob set
   *     twice
   */
  static void check(Map<String, String> knobs, Collection<String> poolNames) {
    knobs.forEach(
        (name, value) -> {
          String key = PoolSettings.HIKARI_PREFIX + name;
          Type type = KNOBS.get(name);
          if (type == null) {
            List<String> known = new ArrayList<>();
            KNOBS.keySet().forEach(k -> known.add(PoolSettings.HIKARI_PREFIX + k));
            throw new ConfigException(key, Settings.unknownKeyMessage(key, known));
          }
          String twin = SHADOWED.get(name);
          if (twin != null && poolNames.contains(twin)) {
            throw new ConfigException(
                key,
                key
                    + ": '"
                    + value
                    + "' (expected: not given, since "
                    + PoolSettings.PREFIX
                    + twin
                    + " is set; use one of them)");
          }
          parse(key, type, value);
        });
  }

  /** Applies checked knobs to {@code config}. */
  public static void apply(Map<String, String> knobs, HikariConfig config) {
    knobs.forEach(
        (name, value) -> {
          Object v = parse(PoolSettings.HIKARI_PREFIX + name, KNOBS.get(name), value);
          try {
            switch (name) {
              case "connectionTimeout" -> config.setConnectionTimeout((Long) v);
              case "idleTimeout" -> config.setIdleTimeout((Long) v);
              case "keepaliveTime" -> config.setKeepaliveTime((Long) v);
              case "maxLifetime" -> config.setMaxLifetime((Long) v);
              case "validationTimeout" -> config.setValidationTimeout((Long) v);
              case "leakDetectionThreshold" -> config.setLeakDetectionThreshold((Long) v);
              case "initializationFailTimeout" -> config.setInitializationFailTimeout((Long) v);
              case "maximumPoolSize" -> config.setMaximumPoolSize((Integer) v);
              case "minimumIdle" -> config.setMinimumIdle((Integer) v);
              case "autoCommit" -> config.setAutoCommit((Boolean) v);
              case "readOnly" -> config.setReadOnly((Boolean) v);
              case "isolateInternalQueries" -> config.setIsolateInternalQueries((Boolean) v);
              case "allowPoolSuspension" -> config.setAllowPoolSuspension((Boolean) v);
              case "registerMbeans" -> config.setRegisterMbeans((Boolean) v);
              case "poolName" -> config.setPoolName((String) v);
              case "catalog" -> config.setCatalog((String) v);
              case "schema" -> config.setSchema((String) v);
              case "connectionTestQuery" -> config.setConnectionTestQuery((String) v);
              case "connectionInitSql" -> config.setConnectionInitSql((String) v);
              case "transactionIsolation" -> config.setTransactionIsolation((String) v);
              default -> throw new IllegalStateException("unhandled knob " + name);
            }
          } catch (IllegalArgumentException e) {
            String key = PoolSettings.HIKARI_PREFIX + name;
            throw new ConfigException(
                key,
                key + ": '" + value + "' (expected what Hikari accepts: " + e.getMessage() + ")",
                e);
          }
        });
  }

  private static Object parse(String key, Type type, String value) {
    try {
      return switch (type) {
        case LONG -> Long.parseLong(value);
        case INT -> Integer.parseInt(value);
        case BOOL -> {
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new NumberFormatException(value);
          }
          yield Boolean.parseBoolean(value);
        }
        case TEXT -> value;
      };
    } catch (NumberFormatException e) {
      String expected =
          switch (type) {
            case LONG -> "a whole number of milliseconds, as Hikari takes it";
            case INT -> "a whole number";
            case BOOL -> "true or false";
            case TEXT -> "text";
          };
      throw new ConfigException(key, key + ": '" + value + "' (expected " + expected + ")", e);
    }
  }
}
