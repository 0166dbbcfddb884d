package dev.detour.listener.internal;

import dev.detour.listener.ConnectionSupplier;
import dev.detour.router.Router;
import dev.detour.router.jdbc.DetourDriver;
import dev.detour.router.jdbc.RoutedConnection;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Where the listener's connections come from: a {@code jdbc:detour:} URL through the router (the
 * address is known and can be charged with a loss), or the caller's supplier.
 */
public interface ConnectionSource {

  /** An open connection and its address (null when unknown). */
  record Opened(Connection connection, InetSocketAddress address) {
    /** Checks for null. */
    public Opened {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /**
   * Opens a new connection, bounded by the router's connect budget (or the supplier's own bound).
   *
   * @throws SQLException if it cannot be opened
   */
  Opened open() throws SQLException;

  /** Tells the router that {@code opened}'s address lost an established connection. */
  void reportLoss(Opened opened, Throwable cause);

  /**
   * From now until {@link #stopWatching()}, calls {@code suspected} (on the router's thread; it
   * must return at once) with each address that the router finds silent: its breaker opened because
   * an attempt, a probe or an established connection timed out or stalled. The listener then checks
   * its own connection at once, when it is on that address, instead of waiting for its next
   * heartbeat. Does nothing by default (a caller's supplier has no router).
   *
   * @param suspected the callback
   */
  default void watchSilence(Consumer<InetSocketAddress> suspected) {}

  /** Stops the calls of {@link #watchSilence}. Idempotent. */
  default void stopWatching() {}

  /** Returns a description without secrets, for messages. */
  @Override
  String toString();

  /** Returns a source that connects with {@link DetourDriver#connectRouted}. */
  static ConnectionSource routed(String url, Properties info, String redactedUrl) {
    return new ConnectionSource() {
      private final DetourDriver driver = new DetourDriver();
      private final SilenceWatch watch = new SilenceWatch();
      private volatile String host;

      @Override
      public Opened open() throws SQLException {
        RoutedConnection routed = driver.connectRouted(url, info);
        host = routed.host();
        // the shared router may have been rebuilt (RouterRegistry.closeAll) since the last open
        watch.follow(DetourDriver.router(url, info));
        return new Opened(routed.connection(), routed.address());
      }

      @Override
      public void watchSilence(Consumer<InetSocketAddress> suspected) {
        watch.start(suspected);
      }

      @Override
      public void stopWatching() {
        watch.stop();
      }

      @Override
      public void reportLoss(Opened opened, Throwable cause) {
        if (opened.address() == null || host == null) {
          return;
        }
        try {
          Router router = DetourDriver.router(url, info);
          // the router reads the I/O cause itself (a SocketTimeoutException is a stall), not
          // pgjdbc's wrapper around it
          Throwable io = cause;
          for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
              io = t;
              break;
            }
          }
          router.reportFailure(host, opened.address().getPort(), opened.address(), io);
        } catch (SQLException | RuntimeException e) {
          // the URL was valid when the connection opened; nothing more to do
        }
      }

      @Override
      public String toString() {
        return redactedUrl;
      }
    };
  }

  /** Returns a source that calls {@code supplier}. */
  static ConnectionSource supplied(ConnectionSupplier supplier) {
    return new ConnectionSource() {
      @Override
      public Opened open() throws SQLException {
        Connection c = supplier.get();
        if (c == null) {
          throw new SQLException("connectionSupplier returned null", "08001");
        }
        return new Opened(c, null);
      }

      @Override
      public void reportLoss(Opened opened, Throwable cause) {}

      @Override
      public String toString() {
        return "connectionSupplier " + supplier.getClass().getName();
      }
    };
  }
}
