package dev.detour.resolver.internal;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The names to try for a host, by the resolv.conf rules: a name with at least {@code ndots} dots is
 * tried as given first, then with each search domain; a shorter one the other way round. A pure
 * function.
 */
public final class SearchPath {

  private SearchPath() {}

  /** Returns the absolute names to try for the normal-form {@code host}, in order. */
  public static List<Name> candidates(String host, List<String> search, int ndots) {
    Name asGiven = absolute(host);
    List<Name> out = new ArrayList<>();
    if (search.isEmpty()) {
      out.add(asGiven);
      return out;
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) == '.') {
        dots++;
      }
    }
    boolean givenFirst = dots >= ndots;
    if (givenFirst) {
      out.add(asGiven);
    }
    for (String domain : search) {
      Name name = absoluteOrNull(host + "." + domain);
      if (name != null && !out.contains(name)) {
        out.add(name);
      }
    }
    if (!givenFirst && !out.contains(asGiven)) {
      out.add(asGiven);
    }
    return out;
  }

  private static Name absolute(String host) {
    Name name = absoluteOrNull(host);
    if (name == null) {
      throw new IllegalArgumentException("host: '" + host + "' is not a valid DNS name");
    }
    return name;
  }

  private static Name absoluteOrNull(String text) {
    String t = text.endsWith(".") ? text : text + ".";
    try {
      return Name.fromString(t);
    } catch (TextParseException e) {
      return null;
    }
  }
}
