package dev.detour.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The documented pattern: a notification is a hint, the table is the truth. The handler claims
 * pending jobs with {@code FOR UPDATE SKIP LOCKED} on every notification and on every resync, so
 * jobs whose notifications were lost while the listener's address was stalled, then killed, are
 * still processed, each exactly once.
 */
class ListenerNoWorkLostIT {

  private final String table = "jobs_" + Long.toHexString(ThreadLocalRandom.current().nextLong());

  /** The catch-up poll of the README: claims and processes every pending job. */
  private final class JobWorker implements NotificationHandler {
    private final Connection c;
    private final List<Integer> processed = new ArrayList<>();

    JobWorker(Connection c) {
      this.c = c;
    }

    @Override
    public void onNotification(Notification n) {
      claimAll();
    }

    @Override
    public void onResync(Resync r) {
      claimAll();
    }

    synchronized void claimAll() {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET done = true WHERE id IN (SELECT id FROM "
                  + table
                  + " WHERE NOT done ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 100) RETURNING id")) {
        boolean more = true;
        while (more) {
          more = false;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              processed.add(rs.getInt(1));
              more = true;
            }
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    synchronized List<Integer> processed() {
      return new ArrayList<>(processed);
    }
  }

  private void addJobs(Connection c, int n) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO " + table + " DEFAULT VALUES RETURNING id");
        PreparedStatement notify = c.prepareStatement("SELECT pg_notify('job_added', ?)")) {
      for (int i = 0; i < n; i++) {
        int id;
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getInt(1);
        }
        notify.setString(1, Integer.toString(id));
        notify.execute();
        c.commit();
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Test
  void jobsAddedWhileTheAddressStallsAndTheBackendDiesAreEachProcessedExactlyOnce()
      throws Exception {
    try (ListenerLab lab = new ListenerLab(3);
        Connection admin = lab.direct();
        Connection workerConnection = lab.direct()) {
      try (Statement s = admin.createStatement()) {
        s.execute(
            "CREATE TABLE "
                + table
                + " (id serial PRIMARY KEY, done boolean NOT NULL DEFAULT false)");
      }
      JobWorker worker = new JobWorker(workerConnection);
      try (DetourListener listener =
          lab.builder()
              .heartbeatInterval(Duration.ofSeconds(1))
              .heartbeatTimeout(Duration.ofSeconds(1))
              .build()) {
        listener.subscribe("job_added", worker);
        listener.start();
        addJobs(admin, 30);

        int index = lab.indexOf(listener);
        lab.fleet.stallConnections(index);
        addJobs(admin, 30); // their notifications go into the stalled connection
        lab.killListener();
        addJobs(admin, 30); // no listener at all for a moment
        lab.fleet.clearFaults();
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> listener.health().reconnects() >= 1 && worker.processed().size() >= 90);
        addJobs(admin, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.processed().size() >= 100);
      }
      Map<Integer, Integer> times = new HashMap<>();
      worker.processed().forEach(id -> times.merge(id, 1, Integer::sum));
      assertThat(times).hasSize(100);
      assertThat(times.values()).allMatch(n -> n == 1);
      try (Statement s = admin.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE NOT done")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
        s.execute("DROP TABLE " + table);
      }
    }
  }
}
