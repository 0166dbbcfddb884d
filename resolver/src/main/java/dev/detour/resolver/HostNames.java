package dev.detour.resolver;

import dev.detour.resolver.internal.IpLiterals;

/**
 * Checks a host exactly as {@link HostResolver#resolve(String)} will, so that a caller can reject a
 * bad host before any network access. Stateless and thread-safe.
 *
 * <p>A valid host is an IPv4 literal, an IPv6 literal without brackets or zone id, or a host name
 * of at most 253 bytes (without a trailing dot) whose labels are 1 to 63 bytes of letters, digits,
 * {@code -} and {@code _}.
 */
public final class HostNames {

  private HostNames() {}

  /**
   * Returns {@code host} as the resolver will use it: an IP literal as written, a host name in
   * lower case without a trailing dot.
   *
   * @param host the host name
   * @return {@code host} as the resolver will use it
   * @throws IllegalArgumentException naming the host (cut to 80 characters) and what is wrong
   */
  public static String requireValid(String host) {
    if (host != null && IpLiterals.parse(host) != null) {
      return host;
    }
    if (host != null && host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "host: "
              + dev.detour.resolver.internal.HostNames.quote(host)
              + " is not a valid IPv6 literal (zone ids such as %eth0 are not supported)");
    }
    return dev.detour.resolver.internal.HostNames.normalize(host);
  }
}
