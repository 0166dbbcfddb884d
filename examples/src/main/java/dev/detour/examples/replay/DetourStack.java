package dev.detour.examples.replay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.detour.core.NamedThreadFactory;
import dev.detour.examples.relay.JobQueue;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;

/**
 * Detour's stack. INTERIM until detour-pool and detour-listener land: HikariCP over the {@code
 * jdbc:detour:} URL, with the naive listener on the same URL.
 */
final class DetourStack implements Stack {

  static final String NAME = "detour";

  private final ReplayEnvironment env;
  private final String url;
  private volatile HikariDataSource pool;
  private volatile NaiveListener listener;

  DetourStack(ReplayEnvironment env) {
    this.env = env;
    this.url =
        "jdbc:detour:postgresql://"
            + env.hostName()
            + ":"
            + env.port()
            + "/"
            + env.database()
            + "?detour.resolver.servers="
            + env.dnsServer();
  }

  /** Detour's bar on one request: the connect budget plus the pooled socket timeout. */
  static Duration requestBound() {
    return Duration.ofSeconds(10).plus(Duration.ofSeconds(30));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "HikariCP over jdbc:detour: (interim)";
  }

  @Override
  public void start(JobWorker jobs) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("detour");
    hc.setJdbcUrl(url);
    hc.setUsername(env.user());
    hc.setPassword(env.password());
    hc.setMaximumPoolSize(10);
    hc.setThreadFactory(new NamedThreadFactory("replay-detour-hikari"));
    pool = new HikariDataSource(hc);
    listener = new NaiveListener(url, env.login(), JobQueue.channel(NAME), jobs);
    listener.start();
  }

  @Override
  public Connection borrow() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public FailureKind classifyBorrowFailure(SQLException e, long elapsedNanos) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("fast-fail")) {
      return FailureKind.FAST_FAIL;
    }
    if (e instanceof SQLTransientConnectionException && m.contains("request timed out")) {
      return FailureKind.POOL_TIMEOUT;
    }
    return FailureKind.CONNECT;
  }

  @Override
  public PoolGauges pool() {
    HikariDataSource p = pool;
    HikariPoolMXBean mx = p == null ? null : p.getHikariPoolMXBean();
    if (mx == null) {
      return new PoolGauges(0, 0, 0, 0);
    }
    return new PoolGauges(
        mx.getActiveConnections(),
        mx.getIdleConnections(),
        mx.getThreadsAwaitingConnection(),
        mx.getTotalConnections());
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
    return Optional.empty();
  }

  @Override
  public void close() {
    NaiveListener l = listener;
    if (l != null) {
      l.close();
    }
    HikariDataSource p = pool;
    if (p != null) {
      Bounded.run("replay-detour-close", p::close, 3_000);
    }
  }
}
