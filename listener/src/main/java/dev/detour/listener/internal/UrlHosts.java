package dev.detour.listener.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the host names of a {@code jdbc:detour:postgresql://h1[:p1][,h2[:p2]]/db} URL, to refuse a
 * transaction pooler before anything connects.
 */
public final class UrlHosts {

  private static final String PREFIX = "jdbc:detour:postgresql://";

  private UrlHosts() {}

  /** Returns whether {@code url} starts with {@code jdbc:detour:postgresql://}. */
  public static boolean isDetourUrl(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** Returns the host names of the URL, lower case, without ports or brackets. */
  public static List<String> hosts(String url) {
    String rest = url.substring(PREFIX.length());
    int end = rest.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int i = rest.indexOf(stop);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String authority = rest.substring(0, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    List<String> hosts = new ArrayList<>();
    for (String part : authority.split(",")) {
      String h = part.trim();
      if (h.startsWith("[")) {
        int close = h.indexOf(']');
        h = close > 0 ? h.substring(1, close) : h.substring(1);
      } else {
        int colon = h.indexOf(':');
        if (colon >= 0) {
          h = h.substring(0, colon);
        }
      }
      if (!h.isEmpty()) {
        hosts.add(h.toLowerCase(Locale.ROOT));
      }
    }
    return hosts;
  }

  /**
   * Returns the direct host for a pooler host name ({@code ep-x-pooler.region.neon.tech} → {@code
   * ep-x.region.neon.tech}), or null if {@code host} is not a pooler name.
   */
  public static String directHostOfPooler(String host) {
    int dot = host.indexOf('.');
    String first = dot < 0 ? host : host.substring(0, dot);
    if (!first.endsWith("-pooler")) {
      return null;
    }
    return first.substring(0, first.length() - "-pooler".length())
        + (dot < 0 ? "" : host.substring(dot));
  }
}
