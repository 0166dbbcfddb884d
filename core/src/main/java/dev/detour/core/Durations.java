package dev.detour.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the durations used in every {@code detour.*} setting.
 *
 * <p>Accepted forms: a whole number followed by a unit ({@code 500us}, {@code 250ms}, {@code 10s},
 * {@code 2m}, {@code 1h}, {@code 1d}), or ISO-8601 ({@code PT10S}). A bare number is rejected,
 * because its unit would be a guess.
 */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})\\s*(ns|us|ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text} as a duration.
   *
   * @param text a duration such as {@code 250ms}, {@code 10s} or {@code PT10S}
   * @return the duration
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("duration: null (expected e.g. 250ms, 10s, 2m or PT10S)");
    }
    String trimmed = text.trim();
    Matcher matcher = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      try {
        switch (matcher.group(2)) {
          case "ns":
            return Duration.ofNanos(amount);
          case "us":
            return Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
          case "ms":
            return Duration.ofMillis(amount);
          case "s":
            return Duration.ofSeconds(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          default:
            return Duration.ofDays(amount);
        }
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration: '" + text + "' is too large", e);
      }
    }
    if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
      try {
        return Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException(
        "duration: '"
            + text
            + "' (expected a whole number with a unit such as 250ms, 10s, 2m, or"
            + " ISO-8601 such as PT10S)");
  }

  /**
   * Formats {@code d} compactly for messages: {@code 250ms}, {@code 10s}, {@code 1.5s}, {@code 2m}.
   *
   * @param d the duration to format
   * @return the text
   */
  public static String format(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      return d.toString();
    }
    return formatNanos(nanos);
  }

  /**
   * Checks a builder's duration argument: the one range check (and message) of every Detour
   * builder.
   *
   * @param name the setting's name, for the message
   * @param value the value given
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException naming the setting, the value and the range, if {@code value}
   *     is outside {@code min..max}
   */
  public static Duration requireInRange(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name
              + ": "
              + format(value)
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

  /**
   * Formats a nanosecond count compactly for messages, as {@link #format(Duration)}.
   *
   * @param nanos the nanoseconds to format
   * @return the text
   */
  public static String formatNanos(long nanos) {
    if (nanos < 0) {
      return "-" + formatNanos(-nanos);
    }
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return trim(nanos / 1_000.0) + "us";
    }
    if (nanos < 1_000_000_000L) {
      return trim(nanos / 1_000_000.0) + "ms";
    }
    if (nanos < 60_000_000_000L) {
      return trim(nanos / 1_000_000_000.0) + "s";
    }
    if (nanos < 3_600_000_000_000L) {
      return trim(nanos / 60_000_000_000.0) + "m";
    }
    return trim(nanos / 3_600_000_000_000.0) + "h";
  }

  /**
   * Formats {@code value} (at least 1) with at most one decimal, as {@code String.format(ROOT,
   * "%.1f")} would with a trailing {@code .0} dropped: rounded half-up on the shortest decimal form
   * ({@link Double#toString}). Written out because a {@link java.util.Formatter} costs about half
   * of a router fast-fail, whose message formats one duration per address.
   */
  private static String trim(double value) {
    if (value >= 100 || value == Math.rint(value)) {
      return Long.toString(Math.round(value));
    }
    String s = Double.toString(value); // "d.ddd": 1 <= value < 100, never in E notation
    int dot = s.indexOf('.');
    long whole = Long.parseLong(s, 0, dot, 10);
    int tenth = s.charAt(dot + 1) - '0';
    if (dot + 2 < s.length() && s.charAt(dot + 2) >= '5') {
      tenth++;
      if (tenth == 10) {
        tenth = 0;
        whole++;
      }
    }
    return tenth == 0 ? Long.toString(whole) : whole + "." + tenth;
  }
}
