package dev.detour.router.jdbc;

import static org.awaitility.Awaitility.await;

import dev.detour.testkit.pg.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Small SQL helpers shared by the driver's integration tests. */
final class Sql {

  private Sql() {}

  /** Returns the first column of the first row of {@code sql}. */
  static String value(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Waits (at most 20 s) until backend {@code pid} is running a {@code pg_sleep} query. */
  static void awaitSleeping(TestPostgres pg, String pid) throws SQLException {
    try (Connection watcher = pg.connectAsSuperuser()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  "active"
                      .equals(
                          value(
                              watcher,
                              "select coalesce((select state from pg_stat_activity where pid = "
                                  + pid
                                  + " and query like 'select pg_sleep%'), 'none')")));
    }
  }
}
