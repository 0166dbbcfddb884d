package dev.detour.resolver.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Parses and checks DNS server addresses ({@code IP:port}). Stateless. */
public final class ServerAddresses {

  private ServerAddresses() {}

  /**
   * Parses {@code 127.0.0.1:53}, {@code [::1]:53} or a bare IP literal (port 53).
   *
   * @throws IllegalArgumentException naming the text
   */
  public static InetSocketAddress parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "server: null (expected IP:port such as 127.0.0.1:53 or [::1]:53)");
    }
    String t = text.trim();
    String hostPart;
    String portPart = null;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw bad(text, "missing ']'");
      }
      hostPart = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw bad(text, "expected ':' after ']'");
        }
        portPart = rest.substring(1);
      }
    } else {
      int colon = t.indexOf(':');
      if (colon >= 0 && t.indexOf(':', colon + 1) < 0) {
        hostPart = t.substring(0, colon);
        portPart = t.substring(colon + 1);
      } else {
        hostPart = t;
      }
    }
    InetAddress address = IpLiterals.parse(hostPart);
    if (address == null) {
      throw bad(text, "'" + hostPart + "' is not an IP address");
    }
    int port = 53;
    if (portPart != null) {
      try {
        port = Integer.parseInt(portPart);
      } catch (NumberFormatException e) {
        throw bad(text, "port '" + portPart + "' is not a number");
      }
    }
    if (port < 1 || port > 65535) {
      throw bad(text, "port " + port + " is out of range 1..65535");
    }
    return new InetSocketAddress(address, port);
  }

  /** Formats {@code server} as {@code 127.0.0.1:53} or {@code [::1]:53}. */
  public static String format(InetSocketAddress server) {
    InetAddress a = server.getAddress();
    String host = a == null ? server.getHostString() : a.getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
  }

  /** Checks that {@code server} is an IP address (not an unresolved name) with a valid port. */
  public static void check(InetSocketAddress server) {
    if (server == null) {
      throw new IllegalArgumentException("servers: null entry");
    }
    if (server.isUnresolved()) {
      throw new IllegalArgumentException(
          "servers: '" + server + "' is unresolved (expected an IP address)");
    }
    if (server.getPort() < 1) {
      throw new IllegalArgumentException(
          "servers: '" + server + "' has port " + server.getPort() + " (expected 1..65535)");
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException(
        "server: '" + text + "' (" + why + "; expected IP:port such as 127.0.0.1:53 or [::1]:53)");
  }
}
