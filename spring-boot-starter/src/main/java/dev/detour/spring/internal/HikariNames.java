package dev.detour.spring.internal;

import com.zaxxer.hikari.HikariConfig;
import dev.detour.core.ConfigException;
import dev.detour.core.Settings;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hikari's settable property names, found on {@link HikariConfig}'s setters, so that a relaxed
 * Spring spelling ({@code maximum-pool-size}, {@code MAXIMUMPOOLSIZE}) finds Hikari's own name
 * ({@code maximumPoolSize}). Immutable.
 */
final class HikariNames {

  private static final Map<String, String> BY_UNIFORM = scan();

  private HikariNames() {}

  /**
   * Returns Hikari's name for {@code uniform} (lower case, no dashes).
   *
   * @param uniform the property name in Spring's uniform form
   * @param written the whole key as written, for the error message
   * @throws ConfigException naming the key, with the closest Hikari property, if none matches
   */
  static String canonical(String uniform, String written) {
    String name = BY_UNIFORM.get(uniform);
    if (name == null) {
      String prefix = written.substring(0, written.lastIndexOf('.') + 1);
      throw new ConfigException(
          written,
          Settings.unknownKeyMessage(
              written,
              BY_UNIFORM.values().stream().map(n -> prefix + EnvironmentKeys.dashed(n)).toList()));
    }
    return name;
  }

  private static Map<String, String> scan() {
    Map<String, String> names = new TreeMap<>();
    for (Method m : HikariConfig.class.getMethods()) {
      String n = m.getName();
      if (n.startsWith("set") && n.length() > 3 && m.getParameterCount() == 1) {
        Class<?> type = m.getParameterTypes()[0];
        if (type == String.class
            || type == int.class
            || type == long.class
            || type == boolean.class) {
          String property = Character.toLowerCase(n.charAt(3)) + n.substring(4);
          names.put(property.toLowerCase(Locale.ROOT), property);
        }
      }
    }
    return Map.copyOf(names);
  }
}
