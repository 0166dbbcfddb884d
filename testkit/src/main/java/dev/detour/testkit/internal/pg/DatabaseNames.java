package dev.detour.testkit.internal.pg;

import java.util.Locale;

/**
 * Turns a free-form hint (usually a test class name) into a PostgreSQL database name that needs no
 * quoting: lower case ASCII letters, digits and underscores, starting with a letter, at most 63
 * bytes including a numeric suffix that makes it unique. Stateless.
 */
public final class DatabaseNames {

  /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
  static final int MAX_LENGTH = 63;

  private DatabaseNames() {}

  /**
   * Returns {@code <sanitized hint>_<sequence>}.
   *
   * @param hint any non-blank text, for example {@code "dev.detour.pool.PoolIT$Nested"}
   * @param sequence a number unique within one server
   * @throws IllegalArgumentException if the hint is null or blank, or the sequence is negative
   */
  public static String of(String hint, int sequence) {
    if (hint == null || hint.isBlank()) {
      throw new IllegalArgumentException(
          "nameHint: "
              + (hint == null ? "null" : "'" + hint + "'")
              + " (expected: non-blank text)");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 0)");
    }
    String suffix = "_" + sequence;
    String base = sanitize(hint);
    int room = MAX_LENGTH - suffix.length();
    if (base.length() > room) {
      base = trimUnderscores(base.substring(0, room));
    }
    return base + suffix;
  }

  private static String sanitize(String hint) {
    String text = hint.strip();
    int lastDot = text.lastIndexOf('.');
    if (lastDot >= 0 && lastDot < text.length() - 1) {
      text = text.substring(lastDot + 1); // drop a package name: it only adds length
    }
    StringBuilder out = new StringBuilder();
    boolean underscore = false;
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (plain) {
        out.append(c);
        underscore = false;
      } else if (!underscore && out.length() > 0) {
        out.append('_');
        underscore = true;
      }
    }
    String name = trimUnderscores(out.toString());
    if (name.isEmpty()) {
      return "db";
    }
    return name.charAt(0) >= 'a' && name.charAt(0) <= 'z' ? name : "db_" + name;
  }

  private static String trimUnderscores(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '_') {
      end--;
    }
    return text.substring(0, end);
  }
}
