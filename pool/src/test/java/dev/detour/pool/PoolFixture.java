package dev.detour.pool;

import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Shared setup of the pool's integration tests: a pool builder on a fleet, and one query. */
final class PoolFixture {

  private PoolFixture() {}

  /** A builder for a pool on {@code fleet}, with the test database's credentials. */
  static DetourDataSourceBuilder builder(NeonLikeFleet fleet) {
    TestPostgres pg = fleet.postgres();
    return DetourDataSource.builder()
        .url(fleet.detourUrl(pg.database()))
        .username(pg.user())
        .password(pg.password());
  }

  /** Runs {@code SELECT 1} on {@code c}. */
  static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Returns the index of {@code address} in {@code fleet}. */
  static int indexOf(NeonLikeFleet fleet, InetSocketAddress address) {
    return fleet.addresses().indexOf(address.getAddress().getHostAddress());
  }

  /**
   * Closes what a test left: its borrowed connections, its pool and its fleet (each if any), then
   * the shared routers.
   */
  static void tearDown(List<Connection> held, DetourDataSource pool, NeonLikeFleet fleet) {
    for (Connection c : held) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the test is over
      }
    }
    if (pool != null) {
      pool.close();
    }
    if (fleet != null) {
      fleet.close();
    }
    RouterRegistry.closeAll();
  }
}
