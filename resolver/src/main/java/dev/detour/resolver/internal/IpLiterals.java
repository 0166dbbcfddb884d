package dev.detour.resolver.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/**
 * Recognizes IPv4 and IPv6 literals without any DNS lookup. Stateless and thread-safe.
 *
 * <p>IPv6 literals may be written in brackets ({@code [::1]}). Zone ids ({@code %eth0}) are not
 * supported.
 */
public final class IpLiterals {

  private IpLiterals() {}

  /** Returns the address {@code text} spells, or {@code null} if it is not an IP literal. */
  public static InetAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    char first = text.charAt(0);
    boolean maybeV4 = first >= '0' && first <= '9';
    boolean maybeV6 = text.indexOf(':') >= 0;
    if (!maybeV4 && !maybeV6) {
      return null;
    }
    String body = text;
    if (body.length() > 2 && body.charAt(0) == '[' && body.charAt(body.length() - 1) == ']') {
      body = body.substring(1, body.length() - 1);
    }
    byte[] bytes =
        maybeV6 ? Address.toByteArray(body, Address.IPv6) : Address.toByteArray(body, Address.IPv4);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(text, bytes);
    } catch (UnknownHostException e) {
      // only thrown for a wrong byte count, which toByteArray never returns
      return null;
    }
  }
}
