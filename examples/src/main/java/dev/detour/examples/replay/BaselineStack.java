package dev.detour.examples.replay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.detour.core.NamedThreadFactory;
import dev.detour.examples.relay.JobQueue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Properties;

/**
 * The seed's design: pgjdbc and HikariCP with default settings (pool 10), and the {@link
 * NaiveListener}. It resolves the host name through the JVM, as a default application does.
 */
final class BaselineStack implements Stack {

  static final String NAME = "baseline";
  static final int POOL_SIZE = 10;

  private final ReplayEnvironment env;
  private final String url;
  private volatile HikariDataSource pool;
  private volatile NaiveListener listener;

  BaselineStack(ReplayEnvironment env) {
    this.env = env;
    this.url = "jdbc:postgresql://" + env.hostName() + ":" + env.port() + "/" + env.database();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "pgjdbc + HikariCP, default settings, pool "
        + POOL_SIZE
        + "; LISTEN loop with getNotifications() and a 5 s SELECT 1 heartbeat";
  }

  @Override
  public void start(JobWorker jobs) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("baseline");
    hc.setJdbcUrl(url);
    hc.setUsername(env.user());
    hc.setPassword(env.password());
    hc.setMaximumPoolSize(POOL_SIZE);
    hc.setThreadFactory(new NamedThreadFactory("replay-baseline-hikari"));
    pool = new HikariDataSource(hc);
    Properties login = env.login();
    listener = new NaiveListener(url, login, JobQueue.channel(NAME), jobs);
    listener.start();
  }

  @Override
  public Connection borrow() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public FailureKind classifyBorrowFailure(SQLException e, long elapsedNanos) {
    String m = String.valueOf(e.getMessage());
    if (e instanceof SQLTransientConnectionException && m.contains("request timed out")) {
      return FailureKind.POOL_TIMEOUT;
    }
    return FailureKind.CONNECT;
  }

  @Override
  public PoolGauges pool() {
    HikariDataSource p = pool;
    return PoolGauges.of(p == null ? null : p.getHikariPoolMXBean());
  }

  @Override
  public String listenerState() {
    NaiveListener l = listener;
    return l == null ? "-" : l.state();
  }

  @Override
  public boolean listenerConnected() {
    NaiveListener l = listener;
    return l != null && l.connected();
  }

  @Override
  public Optional<InetAddress> listenerAddress() {
    // pgjdbc connects to the first address the JVM returns (FACTS: "first address only")
    try {
      return Optional.of(InetAddress.getByName(env.hostName()));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    NaiveListener l = listener;
    if (l != null) {
      l.close();
    }
    HikariDataSource p = pool;
    if (p != null) {
      Bounded.run("replay-baseline-close", p::close, 3_000);
    }
  }
}
