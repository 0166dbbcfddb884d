package dev.detour.router.jdbc;

import dev.detour.core.Durations;
import dev.detour.router.RoutedSocket;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterRegistry;
import dev.detour.router.internal.HedgeableRouter;
import dev.detour.router.jdbc.internal.DetourKeys;
import dev.detour.router.jdbc.internal.PendingConnection;
import dev.detour.router.jdbc.internal.PendingConnections;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import javax.net.SocketFactory;

/**
 * A pgjdbc {@code socketFactory} that returns sockets already connected by the Detour {@link
 * Router}, so that pgjdbc skips its own DNS lookup and connect.
 *
 * <p>pgjdbc builds one instance per physical connection with the {@link
 * #RoutingSocketFactory(Properties) Properties constructor}, then calls {@link #createSocket()}.
 * The instance behaves as follows:
 *
 * <ol>
 *   <li>The first {@code createSocket()} asks the router for {@code PGHOST}:{@code PGPORT} and
 *       remembers the chosen address.
 *   <li>While the driver is still opening the connection (pgjdbc retries on a new socket, for
 *       example when {@code sslmode=prefer} falls back to plain text), a further call is routed
 *       again, within what is left of the first call's budget: every socket of one physical
 *       connection shares one {@code connectBudget}.
 *   <li>Once the connection is open, a further call is pgjdbc's cancel request: it connects
 *       directly to the <em>same</em> address, because only that server knows the backend to
 *       cancel. Its connect timeout is pgjdbc's {@code cancelSignalTimeout} (10 s by default), or
 *       the connect budget if that is 0.
 * </ol>
 *
 * <p>Only one host is supported: a {@code PGHOST} with several comma-separated hosts is rejected,
 * because pgjdbc's no-argument {@code createSocket()} does not say which host it is for.
 *
 * <p>The router comes from {@link RouterRegistry#shared(RouterConfig)} for the {@code detour.*}
 * keys of the properties. When the {@code jdbc:detour:} driver opens the connection, it passes a
 * connection token ({@code detour.token}) so that it can disarm the router's watchdog when pgjdbc
 * is done, or report a failure. Without a token (this factory named directly in a {@code
 * jdbc:postgresql:} URL) the watchdog is disarmed as soon as TCP connects, so only pgjdbc's own
 * {@code connectTimeout} and {@code loginTimeout} bound the handshake.
 *
 * <p>Thread-safe.
 */
public class RoutingSocketFactory extends SocketFactory {

  private final String host;
  private final int port;
  private final Router router;
  private final Optional<PendingConnection> pending;
  private final int secondConnectTimeoutMillis;
  private volatile InetSocketAddress chosen;

  /**
   * Creates the factory for one physical connection; pgjdbc calls this with the connection's
   * properties ({@code PGHOST}, {@code PGPORT}, every URL parameter and every property).
   *
   * @param properties the connection's properties, from pgjdbc
   * @throws IllegalArgumentException if {@code PGHOST} is missing or lists several hosts, if {@code
   *     PGPORT} is not a port, or if a {@code detour.*} key is unknown or invalid
   */
  public RoutingSocketFactory(Properties properties) {
    this(properties, RouterRegistry::shared);
  }

  /**
   * Like {@link #RoutingSocketFactory(Properties)}, with the router looked up by {@code routers}.
   */
  RoutingSocketFactory(Properties properties, Function<RouterConfig, Router> routers) {
    Objects.requireNonNull(properties, "properties");
    String hosts = properties.getProperty("PGHOST");
    if (hosts == null || hosts.isBlank()) {
      throw new IllegalArgumentException(
          "PGHOST: missing (expected the host name; pgjdbc sets it from the URL)");
    }
    if (hosts.indexOf(',') >= 0) {
      throw new IllegalArgumentException(
          "PGHOST: '"
              + hosts
              + "' (expected one host; the Detour router spreads connections over every address"
              + " of one host name, and cannot tell which of several hosts pgjdbc is connecting"
              + " to)");
    }
    this.host = hosts.trim();
    this.port = parsePort(properties.getProperty("PGPORT"));
    this.pending = PendingConnections.find(properties.getProperty(DetourKeys.TOKEN));
    RouterConfig config =
        pending.isPresent() ? pending.get().config() : DetourKeys.config(properties);
    this.router = Objects.requireNonNull(routers.apply(config), "router");
    this.secondConnectTimeoutMillis =
        cancelTimeoutMillis(properties.getProperty("cancelSignalTimeout"), config);
  }

  /**
   * Returns a socket connected to {@code PGHOST:PGPORT}: routed for the connection, or to the same
   * address for a later call (pgjdbc's cancel request); see the class comment.
   *
   * @throws dev.detour.router.NoHealthyAddressException if no address is healthy
   * @throws java.net.UnknownHostException if the host name does not resolve
   * @throws IOException if the connect fails
   */
  @Override
  public Socket createSocket() throws IOException {
    // no lock while routing (it may take the whole budget): toString() and chosenAddress() stay
    // quick. pgjdbc calls createSocket() of one connection from one thread at a time.
    InetSocketAddress target = chosen;
    boolean opening = pending.isPresent() && pending.get().isOpening();
    if (target != null && !opening) {
      return connectDirect(target);
    }
    RoutedSocket routed;
    if (pending.isEmpty()) {
      routed = router.connect(host, port);
    } else if (!pending.get().avoid().isEmpty() && router instanceof HedgeableRouter h) {
      // a handshake hedge (the stalled connection's address is tried last), or a caller that
      // asked for some addresses last (a pool spreading its connections)
      routed = h.connect(host, port, pending.get().nextRouteBudget(), pending.get().avoid());
    } else {
      routed = router.connect(host, port, pending.get().nextRouteBudget());
    }
    chosen = routed.address();
    if (pending.isPresent()) {
      pending.get().attach(routed);
    } else {
      routed.markReady();
    }
    return routed.socket();
  }

  /**
   * Returns the address the connection was routed to, if it was.
   *
   * @return the address the connection was routed to, if it was
   */
  public Optional<InetSocketAddress> chosenAddress() {
    return Optional.ofNullable(chosen);
  }

  private Socket connectDirect(InetSocketAddress target) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(target, secondConnectTimeoutMillis);
      return socket;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException(
          host
              + ":"
              + port
              + ": connect to "
              + target.getAddress().getHostAddress()
              + ":"
              + target.getPort()
              + " (the address of this connection, as for a cancel request) failed within "
              + Durations.formatNanos(secondConnectTimeoutMillis * 1_000_000L)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Not used by pgjdbc; always throws. */
  @Override
  public Socket createSocket(String host, int port) {
    throw unsupported();
  }

  /** Not used by pgjdbc; always throws. */
  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw unsupported();
  }

  /** Not used by pgjdbc; always throws. */
  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw unsupported();
  }

  /** Not used by pgjdbc; always throws. */
  @Override
  public Socket createSocket(
      InetAddress address, int port, InetAddress localAddress, int localPort) {
    throw unsupported();
  }

  @Override
  public String toString() {
    InetSocketAddress c = chosen;
    return "RoutingSocketFactory{"
        + host
        + ":"
        + port
        + (c == null ? "" : " -> " + c.getAddress().getHostAddress())
        + "}";
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(
        "RoutingSocketFactory only implements createSocket(), the method pgjdbc calls;"
            + " to route a connection yourself, use Router.connect(host, port)");
  }

  private static int parsePort(String text) {
    if (text == null || text.isBlank()) {
      return 5432;
    }
    String t = text.trim();
    int port = -1;
    if (!t.isEmpty() && t.length() <= 5 && allDigits(t)) {
      port = Integer.parseInt(t);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "PGPORT: '" + text + "' (expected one port from 1 to 65535)");
    }
    return port;
  }

  private static boolean allDigits(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int cancelTimeoutMillis(String cancelSignalTimeout, RouterConfig config) {
    long budgetMillis = Math.max(1, config.connectBudget().toMillis());
    long seconds = 10; // pgjdbc's default cancelSignalTimeout
    if (cancelSignalTimeout != null && !cancelSignalTimeout.isBlank()) {
      try {
        seconds = Long.parseLong(cancelSignalTimeout.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "cancelSignalTimeout: '"
                + cancelSignalTimeout
                + "' (expected a whole number of seconds, such as 10)",
            e);
      }
    }
    long millis =
        seconds > 0 ? Math.multiplyExact(Math.min(seconds, 86_400L), 1000L) : budgetMillis;
    return (int) millis;
  }
}
