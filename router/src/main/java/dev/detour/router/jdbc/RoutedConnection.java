package dev.detour.router.jdbc;

import dev.detour.router.AttemptOutcome;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;

/**
 * A connection opened by {@link DetourDriver#connectRouted}, with the address the router chose
 * (pgjdbc itself exposes no remote address) and the log of the TCP attempts.
 *
 * @param connection the open pgjdbc connection; the caller owns it
 * @param host the host name of the URL
 * @param address the address the connection's socket went to
 * @param attempts every TCP attempt of the routed connect, in start order
 */
public record RoutedConnection(
    Connection connection, String host, InetSocketAddress address, List<AttemptOutcome> attempts) {

  /**
   * Checks for nulls and copies the attempts.
   *
   * @param connection the open pgjdbc connection; the caller owns it
   * @param host the host name of the URL
   * @param address the address the connection's socket went to
   * @param attempts every TCP attempt of the routed connect, in start order
   */
  public RoutedConnection {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
    attempts = List.copyOf(attempts);
  }
}
