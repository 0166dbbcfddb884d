package dev.detour.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.router.AddressHealth;
import dev.detour.testkit.NeonLikeFleet;
import java.net.SocketTimeoutException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.util.PSQLException;

/**
 * What the caller holds of a borrow: the pool's connection and the statements made from it, on the
 * real router and the embedded PostgreSQL. Each kind of statement answers with the wrapper the
 * caller holds, unwraps to pgjdbc's, refuses use after close, and names the address of an I/O
 * failure.
 */
class BorrowedJdbcObjectsIT {

  private NeonLikeFleet fleet;
  private DetourDataSource pool;
  private final List<Connection> held = new ArrayList<>();

  @AfterEach
  void stop() {
    PoolFixture.tearDown(held, pool, fleet);
  }

  private DetourDataSource pool(Duration socketTimeout) {
    return PoolFixture.builder(fleet)
        .maximumPoolSize(2)
        .acquireTimeout(Duration.ofSeconds(10))
        .socketTimeout(socketTimeout)
        .build();
  }

  @Test
  void everyKindOfStatementAnswersWithTheConnectionTheCallerHoldsAndUnwrapsToPgjdbc()
      throws Exception {
    fleet = NeonLikeFleet.start();
    pool = pool(Duration.ofSeconds(30));
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1");
        CallableStatement cs = c.prepareCall("{? = call upper(?)}")) {
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
      assertThat(c.unwrap(PGConnection.class)).isNotNull();

      assertThat(s.getConnection()).isSameAs(c);
      assertThat(s.unwrap(Statement.class)).isSameAs(s);
      assertThat(s.isWrapperFor(Statement.class)).isTrue();
      assertThat(s.isWrapperFor(PreparedStatement.class)).isFalse();
      assertThat(s.unwrap(PGStatement.class)).isNotNull();

      ps.setInt(1, 41);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
      assertThat(ps.getConnection()).isSameAs(c);
      assertThat(ps.unwrap(PreparedStatement.class)).isSameAs(ps);
      assertThat(ps.isWrapperFor(CallableStatement.class)).isFalse();

      cs.registerOutParameter(1, Types.VARCHAR);
      cs.setString(2, "detour");
      cs.execute();
      assertThat(cs.getString(1)).isEqualTo("DETOUR");
      assertThat(cs.getConnection()).isSameAs(c);
      assertThat(cs.unwrap(CallableStatement.class)).isSameAs(cs);
      assertThat(cs.unwrap(PGStatement.class)).isNotNull();
    }
  }

  @Test
  void aClosedConnectionAndItsStatementsRefuseUse() throws Exception {
    fleet = NeonLikeFleet.start();
    pool = pool(Duration.ofSeconds(30));
    Connection c = pool.getConnection();
    PreparedStatement ps = c.prepareStatement("SELECT 1");
    c.close();
    c.close(); // a second close is a no-op

    assertThat(c.isClosed()).isTrue();
    // Hikari's closed proxy answers (as it did behind the dynamic proxy before)
    assertThatThrownBy(c::createStatement)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);
    assertThat(pool.poolStats().getActiveConnections()).isZero();
  }

  @Test
  void anIoFailureOfAPreparedStatementNamesTheAddressReportsItAndEvictsTheConnection()
      throws Exception {
    fleet = NeonLikeFleet.start();
    pool = pool(Duration.ofSeconds(1));
    Connection c = pool.getConnection();
    held.add(c);
    int pid = c.unwrap(PGConnection.class).getBackendPID();
    String ip = addressOf(c);
    PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(?)");
    ps.setInt(1, 5); // outlasts the 1 s pooled socket timeout

    SQLException e = null;
    try {
      ps.executeQuery();
    } catch (SQLException thrown) {
      e = thrown;
    }

    assertThat((Throwable) e).isNotNull();
    assertThat(e.getMessage())
        .startsWith(fleet.hostName() + ":" + fleet.port() + ": pooled connection to " + ip + ":")
        .contains("the connection is evicted and the address reported to the router");
    assertThat(e.getCause()).isInstanceOf(PSQLException.class);
    assertThat(e.getCause()).hasRootCauseInstanceOf(SocketTimeoutException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                pool.router().health(fleet.hostName(), fleet.port()).stream()
                    .filter(h -> h.address().getAddress().getHostAddress().equals(ip))
                    .map(AddressHealth::lastFailure)
                    .anyMatch(f -> f.isPresent()));
    c.close();

    // the whole pool borrowed: the failed connection is not among it
    for (int i = 0; i < 2; i++) {
      Connection other = pool.getConnection();
      held.add(other);
      assertThat(other.unwrap(PGConnection.class).getBackendPID()).isNotEqualTo(pid);
    }
  }

  /** The address of {@code c}, from its {@code toString()} ("... via host/ip:port, ..."). */
  private String addressOf(Connection c) {
    for (String ip : fleet.addresses()) {
      if (c.toString().contains("/" + ip + ":")) {
        return ip;
      }
    }
    throw new AssertionError("no fleet address in " + c);
  }
}
