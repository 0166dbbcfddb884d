package dev.detour.router.internal;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Formats addresses for messages: {@code 127.0.0.2:5432}, {@code [::1]:5432}. */
final class Addresses {

  private Addresses() {}

  static String format(InetSocketAddress a) {
    if (a.getAddress() == null) {
      return a.getHostString() + ":" + a.getPort();
    }
    String ip = a.getAddress().getHostAddress();
    return (a.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + a.getPort();
  }
}
