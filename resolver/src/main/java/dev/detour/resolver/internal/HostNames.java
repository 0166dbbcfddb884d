package dev.detour.resolver.internal;

/**
 * Validates and normalizes host names: lower case, no trailing dot, labels of 1 to 63 bytes, at
 * most 253 bytes, letters, digits, {@code -} and {@code _} only. Stateless and thread-safe.
 */
public final class HostNames {

  /** The longest name in bytes, without the trailing dot (RFC 1035). */
  public static final int MAX_NAME = 253;

  /** The longest label in bytes (RFC 1035). */
  public static final int MAX_LABEL = 63;

  private HostNames() {}

  /**
   * Returns {@code host} in normal form. Returns the same instance when it is already normal, so a
   * lower-case name costs no allocation.
   *
   * @throws IllegalArgumentException naming the input and what is wrong with it
   */
  public static String normalize(String host) {
    if (host == null) {
      throw new IllegalArgumentException("host: null (expected a host name or an IP literal)");
    }
    int length = host.length();
    if (length > 0 && host.charAt(length - 1) == '.') {
      length--;
    }
    if (length == 0) {
      throw new IllegalArgumentException(
          "host: " + quote(host) + " is empty (expected a host name or an IP literal)");
    }
    if (length > MAX_NAME) {
      throw new IllegalArgumentException(
          "host: "
              + quote(host)
              + " is "
              + length
              + " bytes long (expected at most "
              + MAX_NAME
              + ")");
    }
    boolean upper = false;
    int labelStart = 0;
    for (int i = 0; i <= length; i++) {
      char c = i == length ? '.' : host.charAt(i);
      if (c == '.') {
        int labelLength = i - labelStart;
        if (labelLength == 0) {
          throw new IllegalArgumentException(
              "host: " + quote(host) + " has an empty label at index " + i);
        }
        if (labelLength > MAX_LABEL) {
          throw new IllegalArgumentException(
              "host: "
                  + quote(host)
                  + " has a label of "
                  + labelLength
                  + " bytes at index "
                  + labelStart
                  + " (expected at most "
                  + MAX_LABEL
                  + ")");
        }
        labelStart = i + 1;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        throw new IllegalArgumentException(
            "host: "
                + quote(host)
                + " has an invalid character '"
                + c
                + "' at index "
                + i
                + " (expected letters, digits, '-', '_' and '.')");
      }
    }
    String trimmed = length == host.length() ? host : host.substring(0, length);
    return upper ? toLowerAscii(trimmed) : trimmed;
  }

  /** The longest part of a host that an error message echoes. */
  static final int MAX_ECHO = 80;

  /**
   * Returns {@code host} in quotes for an error message, cut to {@link #MAX_ECHO} characters with
   * its length when longer (a megabyte of input must not become a megabyte of log).
   */
  public static String quote(String host) {
    if (host.length() <= MAX_ECHO) {
      return "'" + host + "'";
    }
    return "'" + host.substring(0, MAX_ECHO) + "...' (" + host.length() + " chars)";
  }

  private static String toLowerAscii(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 'A' && c <= 'Z') {
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return new String(chars);
  }
}
