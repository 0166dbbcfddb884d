package dev.detour.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.testkit.pg.TestPostgres;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fleet in front of a real PostgreSQL, driven by pgjdbc. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyFleetPostgresIT {

  private FaultProxyFleet fleet;

  @BeforeEach
  void startFleet() {
    // the JVM-wide server; its superuser is trusted from loopback, which is where the proxy is
    fleet = FaultProxyFleet.start(2, TestPostgres.shared().address());
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  private Connection connect(int index, String extraParameters) throws SQLException {
    String url =
        "jdbc:postgresql://"
            + fleet.hostAddresses().get(index)
            + ":"
            + fleet.port()
            + "/postgres?user=postgres&connectTimeout=5&loginTimeout=5"
            + extraParameters;
    return DriverManager.getConnection(url);
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || String.valueOf(t.getMessage()).toLowerCase().contains("timed out")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void queriesRunThroughEveryAddressAndAreCounted() throws SQLException {
    for (int i = 0; i < fleet.size(); i++) {
      try (Connection connection = connect(i, "")) {
        assertThat(selectOne(connection)).isEqualTo(1);
      }
      int index = i;
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                ProxyCounters counters = fleet.counters(index);
                assertThat(counters.accepted()).isEqualTo(1);
                assertThat(counters.bytesToBackend()).isPositive();
                assertThat(counters.bytesToClient()).isPositive();
                assertThat(counters.active()).isZero();
              });
    }
  }

  @Test
  void acceptThenStallMakesPgjdbcFailOnItsSocketTimeout() {
    fleet.setFault(1, Fault.acceptThenStall());

    long started = System.nanoTime();
    assertThatThrownBy(() -> connect(1, "&socketTimeout=1&sslmode=disable").close())
        .isInstanceOf(SQLException.class)
        .satisfies(error -> assertThat(isTimeout(error)).as("timeout in %s", error).isTrue());
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(elapsedMillis).isBetween(900L, 8_000L);
    assertThat(fleet.counters(1).accepted()).isEqualTo(1);
    assertThat(fleet.counters(1).bytesToBackend()).isZero();
  }

  @Test
  void withDefaultSslModePreferPgjdbcTriesTwiceSoTheStallCostsTwoSocketTimeouts() {
    fleet.setFault(1, Fault.acceptThenStall());

    long started = System.nanoTime();
    assertThatThrownBy(() -> connect(1, "&socketTimeout=1").close())
        .isInstanceOf(SQLException.class)
        .satisfies(error -> assertThat(isTimeout(error)).as("timeout in %s", error).isTrue());
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(fleet.counters(1).accepted()).as("SSL attempt, then a plain retry").isEqualTo(2);
    assertThat(elapsedMillis).isBetween(1_800L, 8_000L);
  }

  @Test
  void stallOnAnEstablishedConnectionTimesOutItsNextQueryWhileOtherAddressesServe()
      throws SQLException {
    try (Connection stalled = connect(0, "&socketTimeout=1")) {
      assertThat(selectOne(stalled)).isEqualTo(1);

      fleet.setFault(0, Fault.stallAfter(0));

      assertThatThrownBy(() -> selectOne(stalled))
          .isInstanceOf(SQLException.class)
          .satisfies(error -> assertThat(isTimeout(error)).as("timeout in %s", error).isTrue());
      try (Connection healthy = connect(1, "&socketTimeout=5")) {
        assertThat(selectOne(healthy)).isEqualTo(1);
      }
    }
  }
}
