package dev.detour.examples.replay;

import dev.detour.core.NamedThreadFactory;
import dev.detour.core.Ticker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The baseline's LISTEN loop, written the way most code is: one pgjdbc connection with default
 * settings, {@code LISTEN}, then {@code getNotifications()} (no timeout) every 100 ms, plus the
 * seed service's heartbeat: {@code SELECT 1} every 10 s, given up after 5 s. When the heartbeat
 * fails it logs "connection lost", drops the connection and reconnects every second. It never
 * sweeps the queue after a reconnect: notifications sent while it was away are gone.
 *
 * <p>pgjdbc calls that can block forever (a read on a stalled connection) run on a per-connection
 * daemon thread, and the supervisor waits for them with a bound, so this loop itself never hangs;
 * an abandoned call's thread stays blocked until the connection dies (as in the real thing).
 */
final class NaiveListener implements AutoCloseable {

  private static final Ticker TICKER = Ticker.system();

  static final long POLL_MILLIS = 100;
  static final long HEARTBEAT_EVERY_MILLIS = 10_000;
  static final long HEARTBEAT_TIMEOUT_MILLIS = 5_000;
  static final long RECONNECT_PAUSE_MILLIS = 1_000;
  static final long CONNECT_WAIT_MILLIS = 20_000; // pgjdbc's own connectTimeout is 10 s

  private final String url;
  private final Properties login;
  private final String channel;
  private final JobWorker jobs;
  private final ExecutorService jobThread;
  private final NamedThreadFactory ioThreads = new NamedThreadFactory("replay-baseline-listen-io");
  private final NamedThreadFactory closer = new NamedThreadFactory("replay-baseline-listen-close");
  private volatile boolean running = true;
  private volatile String state = "connecting";
  private volatile boolean connected;
  private Thread supervisor;

  NaiveListener(String url, Properties login, String channel, JobWorker jobs) {
    this.url = url;
    this.login = login;
    this.channel = channel;
    this.jobs = jobs;
    this.jobThread =
        Executors.newSingleThreadExecutor(new NamedThreadFactory("replay-baseline-jobs"));
  }

  void start() {
    supervisor = new NamedThreadFactory("replay-baseline-listener").newThread(this::supervise);
    supervisor.start();
  }

  String state() {
    return state;
  }

  boolean connected() {
    return connected;
  }

  private void supervise() {
    int attempt = 0;
    while (running) {
      ExecutorService io = Executors.newSingleThreadExecutor(ioThreads);
      Connection c = null;
      try {
        c = bounded(io, () -> open(), CONNECT_WAIT_MILLIS, "connect did not finish in 20s");
        attempt = 0;
        connected = true;
        state = "connected";
        jobs.listenerBack();
        listen(io, c);
      } catch (Exception e) {
        // fall through to reconnect
        if (connected || attempt == 0) {
          jobs.listenerLost(Workload.text(e));
        }
        connected = false;
        attempt++;
        state = "reconnecting #" + attempt;
      } finally {
        io.shutdownNow(); // a thread blocked in a read stays blocked; it is a daemon
        abandon(c);
      }
      if (running) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RECONNECT_PAUSE_MILLIS));
      }
    }
  }

  /** Closes a dropped connection on a daemon thread: a close on a stalled socket may block. */
  private void abandon(Connection c) {
    if (c != null) {
      closer
          .newThread(
              () -> {
                try {
                  c.close();
                } catch (SQLException ignored) {
                  // it was already broken
                }
              })
          .start();
    }
  }

  private Connection open() throws SQLException {
    Connection c = DriverManager.getConnection(url, login);
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + channel);
    }
    return c;
  }

  private void listen(ExecutorService io, Connection c) throws Exception {
    PGConnection pg = c.unwrap(PGConnection.class);
    long lastHeartbeat = TICKER.nanoTime();
    while (running) {
      PGNotification[] notes =
          bounded(io, pg::getNotifications, HEARTBEAT_TIMEOUT_MILLIS, "poll blocked for 5s");
      if (notes != null && notes.length > 0) {
        jobs.listenerAlive();
        for (PGNotification n : notes) {
          long id = Long.parseLong(n.getParameter());
          jobThread.execute(() -> jobs.onJob(id));
        }
      }
      if (TICKER.nanoTime() - lastHeartbeat
          > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_EVERY_MILLIS)) {
        lastHeartbeat = TICKER.nanoTime();
        bounded(io, () -> heartbeat(c), HEARTBEAT_TIMEOUT_MILLIS, "heartbeat timed out after 5s");
        jobs.listenerAlive();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
    }
    c.close();
  }

  private static Boolean heartbeat(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.execute("select 1");
    }
  }

  private static <T> T bounded(
      ExecutorService io, java.util.concurrent.Callable<T> call, long millis, String what)
      throws Exception {
    Future<T> f = io.submit(call);
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new SQLException("queue listener connection lost: " + what, "08006", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  @Override
  public void close() {
    running = false;
    if (supervisor != null) {
      LockSupport.unpark(supervisor);
    }
    jobThread.shutdownNow();
  }
}
