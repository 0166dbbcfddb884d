package dev.detour.listener.internal;

import dev.detour.core.Durations;
import dev.detour.core.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checks behind {@code DetourListenerBuilder}'s setters and {@code build()}: each throws an
 * {@link IllegalArgumentException} naming the setting, the value and what was expected.
 */
public final class BuilderChecks {

  private BuilderChecks() {}

  /** Returns {@code value} if {@code min <= value <= max}. */
  public static Duration range(String name, Duration value, Duration min, Duration max) {
    return Durations.requireInRange(name, value, min, max);
  }

  /** Returns {@code value} if {@code min <= value <= max}. */
  public static int range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + " <= " + name + " <= " + max + ")");
    }
    return value;
  }

  /** Returns {@code value} if {@code min <= value <= max} (NaN is out of range). */
  public static double range(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name
              + ": "
              + value
              + " (expected: "
              + format(min)
              + " <= "
              + name
              + " <= "
              + format(max)
              + ")");
    }
    return value;
  }

  /** Returns {@code url} if it is a {@code jdbc:detour:postgresql:} URL. */
  public static String detourUrl(String url) {
    if (url == null || !UrlHosts.isDetourUrl(url)) {
      throw new IllegalArgumentException(
          "url: '"
              + Secrets.redactUrl(url)
              + "' (expected: jdbc:detour:postgresql://host[:port]/database; for another"
              + " driver pass a connectionSupplier)");
    }
    return url;
  }

  /** Refuses a URL with a {@code -pooler} host, naming the direct host to use instead. */
  public static void noPoolerHost(String url) {
    for (String host : UrlHosts.hosts(url)) {
      String direct = UrlHosts.directHostOfPooler(host);
      if (direct != null) {
        throw new IllegalArgumentException(
            "url: host '"
                + host
                + "' is a transaction pooler, where LISTEN does not work (notifications are"
                + " lost when the pooler moves the session); expected the direct host, such as '"
                + direct
                + "'");
      }
    }
  }

  /** Reads a password file (trailing line breaks removed); null for a null file. */
  public static String readPasswordFile(Path file) {
    if (file == null) {
      return null;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.replaceAll("[\\r\\n]+$", "");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "passwordFile: '" + file + "' cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
