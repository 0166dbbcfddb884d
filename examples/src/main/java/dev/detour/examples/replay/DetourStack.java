package dev.detour.examples.replay;

import dev.detour.examples.relay.JobQueue;
import dev.detour.listener.DetourListener;
import dev.detour.listener.ListenerState;
import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.Resync;
import dev.detour.pool.DetourDataSource;
import dev.detour.router.RouterConfig;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Detour's stack: {@link DetourDataSource} and {@link DetourListener}, with default settings. The
 * only setting given is the lab DNS server ({@code detour.resolver.servers}); the listener's resync
 * triggers a catch-up sweep of the job queue.
 */
final class DetourStack implements Stack {

  static final String NAME = "detour";

  private final ReplayEnvironment env;
  private final String url;
  private volatile DetourDataSource pool;
  private volatile DetourListener listener;

  DetourStack(ReplayEnvironment env) {
    this.env = env;
    this.url =
        "jdbc:detour:postgresql://" + env.hostName() + ":" + env.port() + "/" + env.database();
  }

  /**
   * Detour's bar on one request: the router's connect budget plus the pool's socket timeout, both
   * at their defaults.
   */
  static Duration requestBound() {
    return RouterConfig.defaults().connectBudget().plus(Duration.ofSeconds(30));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "DetourDataSource + DetourListener, default settings (resync -> catch-up sweep)";
  }

  @Override
  public void start(JobWorker jobs) {
    pool =
        DetourDataSource.builder()
            .url(url)
            .username(env.user())
            .password(env.password())
            .property("detour.resolver.servers", env.dnsServer())
            .poolName("detour")
            .build();
    DetourListener l =
        DetourListener.builder()
            .url(url)
            .username(env.user())
            .password(env.password())
            .property("detour.resolver.servers", env.dnsServer())
            .build();
    l.addStateListener(
        state -> {
          if (state instanceof ListenerState.Connected) {
            jobs.listenerBack();
          } else if (state instanceof ListenerState.Disconnected d) {
            jobs.listenerLost(Workload.text(d.cause()));
          }
        });
    l.subscribe(
        JobQueue.channel(NAME),
        new NotificationHandler() {
          @Override
          public void onNotification(Notification n) {
            jobs.listenerAlive();
            jobs.onJob(Long.parseLong(n.payload()));
          }

          @Override
          public void onResync(Resync r) {
            // the listener knows when its last connection last showed signs of life
            if (r.reason() == Resync.Reason.RECONNECTED) {
              jobs.listenerGapBegan(r.gapDuration());
            }
            jobs.catchUp();
          }
        });
    listener = l;
    l.start();
  }

  @Override
  public Connection borrow() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public FailureKind classifyBorrowFailure(SQLException e, long elapsedNanos) {
    if ("08004".equals(e.getSQLState())) {
      return FailureKind.POOL_TIMEOUT;
    }
    if ("08001".equals(e.getSQLState())) {
      // "database unreachable": at once while the router's fast-fail is open, or after the
      // acquire timeout when connects kept failing
      return elapsedNanos < pool.acquireTimeout().toNanos() / 2
          ? FailureKind.FAST_FAIL
          : FailureKind.POOL_TIMEOUT;
    }
    return FailureKind.CONNECT;
  }

  @Override
  public PoolGauges pool() {
    DetourDataSource p = pool;
    return PoolGauges.of(p == null ? null : p.poolStats());
  }

  @Override
  public String listenerState() {
    DetourListener l = listener;
    if (l == null) {
      return "-";
    }
    ListenerState s = l.state();
    if (s instanceof ListenerState.Connected c) {
      return "connected " + c.address().getAddress().getHostAddress();
    }
    if (s instanceof ListenerState.Reconnecting r) {
      return String.format(
          Locale.ROOT, "reconnecting #%d in %.1fs", r.attempt(), r.delay().toMillis() / 1000.0);
    }
    return s.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean listenerConnected() {
    DetourListener l = listener;
    return l != null && l.state() instanceof ListenerState.Connected;
  }

  @Override
  public Optional<InetAddress> listenerAddress() {
    DetourListener l = listener;
    if (l != null && l.state() instanceof ListenerState.Connected c) {
      return Optional.of(c.address().getAddress());
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    DetourListener l = listener;
    if (l != null) {
      l.close(Duration.ofSeconds(3));
    }
    DetourDataSource p = pool;
    if (p != null) {
      Bounded.run("replay-detour-close", p::close, 3_000);
    }
  }
}
