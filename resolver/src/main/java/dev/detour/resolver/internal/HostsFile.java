package dev.detour.resolver.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the text of a hosts file ({@code /etc/hosts} format) into host name to addresses. A pure
 * function: stateless and thread-safe.
 *
 * <p>Each line is an IP literal followed by names; {@code #} starts a comment. A name listed on
 * several lines collects every address, in file order, without duplicates. Lines with an invalid
 * address or name are skipped.
 */
public final class HostsFile {

  private HostsFile() {}

  /** The addresses of one name, split by family, in file order. */
  public record Entry(List<InetAddress> v4, List<InetAddress> v6) {}

  /** Parses {@code text}; names are returned in normal form (lower case, no trailing dot). */
  public static Map<String, Entry> parse(String text) {
    Map<String, List<InetAddress>> v4 = new LinkedHashMap<>();
    Map<String, List<InetAddress>> v6 = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (content.isEmpty()) {
        continue;
      }
      String[] tokens = content.split("\\s+");
      if (tokens.length < 2) {
        continue;
      }
      InetAddress address = IpLiterals.parse(tokens[0]);
      if (address == null) {
        continue;
      }
      boolean isV4 = address instanceof Inet4Address && tokens[0].indexOf(':') < 0;
      for (int i = 1; i < tokens.length; i++) {
        String name;
        try {
          name = HostNames.normalize(tokens[i]);
        } catch (IllegalArgumentException e) {
          continue;
        }
        InetAddress named;
        try {
          named = InetAddress.getByAddress(name, address.getAddress());
        } catch (java.net.UnknownHostException e) {
          continue;
        }
        List<InetAddress> list = (isV4 ? v4 : v6).computeIfAbsent(name, k -> new ArrayList<>());
        if (!list.contains(named)) {
          list.add(named);
        }
        (isV4 ? v6 : v4).computeIfAbsent(name, k -> new ArrayList<>());
      }
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<InetAddress>> e : v4.entrySet()) {
      out.put(e.getKey(), new Entry(List.copyOf(e.getValue()), List.copyOf(v6.get(e.getKey()))));
    }
    return out;
  }
}
