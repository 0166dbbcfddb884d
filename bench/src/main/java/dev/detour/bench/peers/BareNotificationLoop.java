package dev.detour.bench.peers;

import dev.detour.core.NamedThreadFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * The listener scenarios' peer: LISTEN on one plain pgjdbc connection and a loop of {@code
 * getNotifications(100)} on one thread, as most code does; no heartbeat and no reconnect (pgjdbc
 * has none, issue #1144). Used to time how long the loop takes to notice a lost connection; it
 * notices only what raises an error in {@code getNotifications}.
 */
public final class BareNotificationLoop implements AutoCloseable {

  private final Connection connection;
  private final int pid;
  private final CountDownLatch failed = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long failedAt;
  private volatile String failure = "";

  /**
   * Connects, LISTENs on {@code channel} and starts the loop.
   *
   * @param url a plain {@code jdbc:postgresql:} URL
   * @param login user and password
   * @param channel the channel
   */
  public BareNotificationLoop(String url, Properties login, String channel) throws SQLException {
    connection = DriverManager.getConnection(url, login);
    try (Statement s = connection.createStatement()) {
      s.execute("LISTEN " + channel);
      try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    thread =
        new NamedThreadFactory("bench-bare-listen")
            .newThread(
                () -> {
                  try {
                    while (running) {
                      pg.getNotifications(100);
                    }
                  } catch (SQLException e) {
                    failedAt = System.nanoTime();
                    failure = JdbcPeer.oneLine(e);
                    failed.countDown();
                  }
                });
    thread.start();
  }

  /** The backend's pid, for {@code pg_terminate_backend}. */
  public int pid() {
    return pid;
  }

  /**
   * Waits for the loop to raise an error.
   *
   * @param since the {@code System.nanoTime()} the fault was made
   * @param deadline how long to wait
   * @return the time from {@code since} to the error, or hung at the deadline
   */
  public Attempt awaitFailure(long since, Duration deadline) throws InterruptedException {
    if (failed.await(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
      return Attempt.ok(Math.max(0, failedAt - since));
    }
    return Attempt.hung(deadline.toNanos());
  }

  /** The error the loop raised, or empty. */
  public String failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    try {
      connection.close();
    } catch (SQLException e) {
      // already broken: that is what was measured
    }
  }
}
