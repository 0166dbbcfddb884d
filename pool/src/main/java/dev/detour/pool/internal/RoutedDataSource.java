package dev.detour.pool.internal;

import dev.detour.router.jdbc.DetourDriver;
import dev.detour.router.jdbc.RoutedConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link DataSource} Hikari makes its physical connections with: each one goes through {@link
 * DetourDriver#connectRouted}, so its address is known and recorded in the {@link
 * ConnectionTracker}.
 *
 * <p>A connect is bounded by the router's connect budget (the router's watchdog closes the socket
 * when it runs out, whatever the server does), so Hikari's single connection-adder thread is never
 * blocked longer than that. {@link #setLoginTimeout} is ignored for that reason. Thread-safe.
 */
public final class RoutedDataSource implements DataSource {

  private final DetourDriver driver = new DetourDriver();
  private final String url;
  private final Properties properties;
  private final ConnectionTracker tracker;
  private final Consumer<SQLException> onFailure;
  private final int budgetSeconds;

  /**
   * @param budgetSeconds the router's connect budget, rounded up: how long Hikari waits for its
   *     adder thread on close
   * @param onFailure told of every failed connect, before it is thrown to Hikari
   */
  public RoutedDataSource(
      String url,
      Properties properties,
      int budgetSeconds,
      ConnectionTracker tracker,
      Consumer<SQLException> onFailure) {
    this.url = url;
    this.budgetSeconds = budgetSeconds;
    this.properties = properties;
    this.tracker = tracker;
    this.onFailure = onFailure;
  }

  @Override
  public Connection getConnection() throws SQLException {
    RoutedConnection routed;
    long started = tracker.connectStarting();
    try {
      // the addresses that already hold their share of the pool are tried last (PoolSpread)
      routed = driver.connectRouted(url, properties, tracker.tryLast());
    } catch (SQLException e) {
      onFailure.accept(e);
      throw e;
    }
    tracker.opened(routed.connection(), routed.address(), started);
    return routed.connection();
  }

  /** Not supported: the pool's credentials are fixed when it is built. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool's credentials are fixed when it is built");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  /** Ignored: the router's connect budget bounds every physical connect. */
  @Override
  public void setLoginTimeout(int seconds) {}

  /** Returns the router's connect budget in seconds: the longest a physical connect takes. */
  @Override
  public int getLoginTimeout() {
    return budgetSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
