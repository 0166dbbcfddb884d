package dev.detour.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Typed, validated access to the {@code detour.<module>.*} keys of a properties file, a map or a
 * {@code jdbc:detour:} URL.
 *
 * <p>Construction rejects every key under the prefix that is not known, with a "did you mean"
 * suggestion. Each getter checks the value against its range and throws a {@link ConfigException}
 * that names the key, the value and what was expected.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Settings {

  private final String prefix;
  private final Map<String, String> values;

  private Settings(String prefix, Map<String, String> values) {
    this.prefix = prefix;
    this.values = values;
  }

  /**
   * Selects the keys under {@code prefix} from {@code source}.
   *
   * @param prefix for example {@code "detour.router."}, ending with a dot
   * @param source all settings; keys outside the prefix are ignored
   * @param knownNames the names (without the prefix) this module understands
   * @return the selected settings
   * @throws ConfigException for the first unknown key under the prefix
   */
  public static Settings of(
      String prefix, Map<String, String> source, Collection<String> knownNames) {
    if (!prefix.endsWith(".")) {
      throw new IllegalArgumentException("prefix: '" + prefix + "' (expected to end with '.')");
    }
    Map<String, String> selected = new TreeMap<>();
    for (Map.Entry<String, String> e : source.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(prefix)) {
        continue;
      }
      String name = key.substring(prefix.length());
      if (!knownNames.contains(name)) {
        List<String> full = new ArrayList<>();
        for (String known : knownNames) {
          full.add(prefix + known);
        }
        throw new ConfigException(key, unknownKeyMessage(key, full));
      }
      selected.put(name, e.getValue() == null ? "" : e.getValue().trim());
    }
    return new Settings(prefix, Collections.unmodifiableMap(selected));
  }

  /**
   * Like {@link #of(String, Map, Collection)}, reading string properties.
   *
   * @param prefix for example {@code "detour.router."}
   * @param source the properties to read
   * @param knownNames the names (without prefix) this module understands
   * @return the selected settings
   */
  public static Settings of(String prefix, Properties source, Collection<String> knownNames) {
    return of(prefix, toMap(source), knownNames);
  }

  /**
   * Copies the string entries of {@code props} into a sorted map.
   *
   * @param props the properties to copy
   * @return the sorted map
   */
  public static Map<String, String> toMap(Properties props) {
    Map<String, String> map = new TreeMap<>();
    for (String name : props.stringPropertyNames()) {
      map.put(name, props.getProperty(name));
    }
    return map;
  }

  /**
   * Rejects every {@code detour.*} key whose module prefix is not one of {@code knownPrefixes}.
   *
   * @param knownPrefixes for example {@code detour.resolver.} and {@code detour.router.}
   * @param source the properties to read
   * @throws ConfigException naming the key and the known prefixes
   */
  public static void checkModulePrefixes(
      Map<String, String> source, Collection<String> knownPrefixes) {
    for (String key : new TreeSet<>(source.keySet())) {
      if (!key.startsWith("detour.")) {
        continue;
      }
      boolean known = false;
      for (String prefix : knownPrefixes) { // a loop, not a stream: read on a cold JVM's connect
        known |= key.startsWith(prefix);
      }
      if (!known) {
        throw new ConfigException(
            key,
            key
                + ": unknown setting (expected a key under "
                + String.join(", ", new TreeSet<>(knownPrefixes))
                + ")");
      }
    }
  }

  /**
   * Builds the message for an unknown key, with the closest known key if one is close enough.
   *
   * @param key the full key that is unknown
   * @param knownKeys every key this module understands
   * @return the message
   */
  public static String unknownKeyMessage(String key, Collection<String> knownKeys) {
    Optional<String> suggestion = DidYouMean.closest(key, knownKeys);
    StringBuilder sb = new StringBuilder(key).append(": unknown setting");
    suggestion.ifPresent(s -> sb.append(" (did you mean ").append(s).append("?)"));
    sb.append("; known keys: ").append(String.join(", ", new TreeSet<>(knownKeys)));
    return sb.toString();
  }

  /**
   * Returns the names (without prefix) that were set.
   *
   * @return the names (without prefix) that were set
   */
  public Set<String> names() {
    return values.keySet();
  }

  /**
   * Returns the raw value of {@code name}, if set.
   *
   * @param name the key, without the prefix
   * @return the raw value of {@code name}, if set
   */
  public Optional<String> raw(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Returns a duration in [{@code min}, {@code max}], or {@code def} if unset.
   *
   * @param name the key, without the prefix
   * @param def the default, returned if the key is unset
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @return a duration in [{@code min}, {@code max}], or {@code def} if unset
   */
  public Duration duration(String name, Duration def, Duration min, Duration max) {
    String raw = values.get(name);
    if (raw == null) {
      return def;
    }
    Duration d;
    try {
      d = Durations.parse(raw);
    } catch (IllegalArgumentException e) {
      throw fail(name, raw, "a duration such as 250ms, 10s, 2m or PT10S", e);
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw fail(
          name,
          raw,
          "a duration from " + Durations.format(min) + " to " + Durations.format(max),
          null);
    }
    return d;
  }

  /**
   * Returns an int in [{@code min}, {@code max}], or {@code def} if unset.
   *
   * @param name the key, without the prefix
   * @param def the default, returned if the key is unset
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @return an int in [{@code min}, {@code max}], or {@code def} if unset
   */
  public int intValue(String name, int def, int min, int max) {
    String raw = values.get(name);
    if (raw == null) {
      return def;
    }
    int v;
    try {
      v = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw fail(name, raw, "a whole number from " + min + " to " + max, e);
    }
    if (v < min || v > max) {
      throw fail(name, raw, "a whole number from " + min + " to " + max, null);
    }
    return v;
  }

  /**
   * Returns a double in [{@code min}, {@code max}], or {@code def} if unset.
   *
   * @param name the key, without the prefix
   * @param def the default, returned if the key is unset
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @return a double in [{@code min}, {@code max}], or {@code def} if unset
   */
  public double doubleValue(String name, double def, double min, double max) {
    String raw = values.get(name);
    if (raw == null) {
      return def;
    }
    double v;
    try {
      v = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw fail(name, raw, "a number from " + min + " to " + max, e);
    }
    if (!(v >= min && v <= max)) {
      throw fail(name, raw, "a number from " + min + " to " + max, null);
    }
    return v;
  }

  /**
   * Returns {@code true}/{@code false}, or {@code def} if unset.
   *
   * @param name the key, without the prefix
   * @param def the default, returned if the key is unset
   * @return {@code true}/{@code false}, or {@code def} if unset
   */
  public boolean bool(String name, boolean def) {
    String raw = values.get(name);
    if (raw == null) {
      return def;
    }
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw fail(name, raw, "true or false", null);
    }
  }

  /**
   * Returns the enum constant named by the value (case-insensitive), or {@code def} if unset.
   *
   * @param <E> the enum type
   * @param name the key, without the prefix
   * @param type the enum class
   * @param def the default, returned if the key is unset
   * @return the enum constant named by the value (case-insensitive), or {@code def} if unset
   */
  public <E extends Enum<E>> E enumValue(String name, Class<E> type, E def) {
    String raw = values.get(name);
    if (raw == null) {
      return def;
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(raw)) {
        return constant;
      }
      names.add(constant.name());
    }
    throw fail(name, raw, "one of " + String.join(", ", names), null);
  }

  /**
   * Returns a comma-separated list, empty entries dropped, or {@code def} if unset.
   *
   * @param name the key, without the prefix
   * @param def the default, returned if the key is unset
   * @return a comma-separated list, empty entries dropped, or {@code def} if unset
   */
  public List<String> list(String name, List<String> def) {
    String raw = values.get(name);
    if (raw == null) {
      return def;
    }
    List<String> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Builds the standard error for a bad value of {@code name}.
   *
   * @param name the key, without the prefix
   * @param raw the raw value
   * @param expected what was expected, for example {@code "a duration"}
   * @param cause the parse failure, or {@code null}
   * @return the exception, for the caller to throw
   */
  public ConfigException fail(String name, String raw, String expected, Throwable cause) {
    String key = prefix + name;
    String shown = Secrets.isSecretKey(name) ? Secrets.MASK : raw;
    return new ConfigException(key, key + ": '" + shown + "' (expected " + expected + ")", cause);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(prefix + k, Secrets.isSecretKey(k) ? Secrets.MASK : v));
    return "Settings" + shown;
  }
}
