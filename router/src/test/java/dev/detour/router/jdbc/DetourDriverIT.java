package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.detour.router.RouterConfig;
import dev.detour.router.TestRouters;
import dev.detour.testkit.pg.TestPostgres;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver end to end against a real PostgreSQL, with a test router that connects directly to
 * fixed loopback addresses (so these tests check the driver and the factory, not the routing).
 */
class DetourDriverIT {

  private DirectRouter router;

  private DirectRouter useRouter(String... addresses) throws Exception {
    InetAddress[] list = new InetAddress[addresses.length];
    for (int i = 0; i < addresses.length; i++) {
      list[i] = InetAddress.getByName(addresses[i]);
    }
    router = new DirectRouter(RouterConfig.defaults(), List.of(list), true);
    TestRouters.use(c -> router);
    return router;
  }

  @AfterEach
  void resetRouters() {
    TestRouters.reset();
  }

  private static String url(TestPostgres pg, String host) {
    return "jdbc:detour:postgresql://" + host + ":" + pg.port() + "/" + pg.database();
  }

  @Test
  void selectOneWorksThroughDriverManagerOnTheChosenAddress() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    useRouter("127.0.0.1");

    try (Connection c =
        DriverManager.getConnection(url(pg, "127.0.0.1"), pg.connectionProperties())) {
      assertThat(Sql.value(c, "select 1")).isEqualTo("1");
      assertThat(Sql.value(c, "select host(inet_server_addr())"))
          .isEqualTo(router.routed.get(0).address().getAddress().getHostAddress());
    }
    assertThat(router.routed).hasSize(1);
    assertThat(router.routed.get(0).ready()).isTrue();
    assertThat(router.routed.get(0).failure).hasValue(null);
  }

  @Test
  void connectRoutedReportsTheAddressTheServerSees() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    useRouter("127.0.0.1");

    RoutedConnection routed =
        new DetourDriver().connectRouted(url(pg, "localhost"), pg.connectionProperties());
    try (Connection c = routed.connection()) {
      assertThat(Sql.value(c, "select host(inet_server_addr())"))
          .isEqualTo(routed.address().getAddress().getHostAddress());
      assertThat(routed.host()).isEqualTo("localhost");
      assertThat(routed.attempts()).isNotEmpty();
    }
  }

  @Test
  void plainHikariWithAJdbcDetourUrlWorks() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    useRouter("127.0.0.1");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(pg, "127.0.0.1"));
    config.setUsername(pg.user());
    config.setPassword(pg.password());
    config.setMaximumPoolSize(2);
    config.setPoolName("detour-jdbc-it");

    try (HikariDataSource ds = new HikariDataSource(config);
        Connection c = ds.getConnection()) {
      assertThat(Sql.value(c, "select 1")).isEqualTo("1");
    }
    assertThat(router.routed).isNotEmpty().allMatch(TestRoutedSocket::ready);
  }

  @Test
  void cancelGoesToTheSameAddressAsItsConnection() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    // The router would hand out 127.0.0.3 next; a listener there catches a re-routed cancel.
    try (LoopbackListener trap = new LoopbackListener("127.0.0.3", pg.port())) {
      useRouter("127.0.0.1", "127.0.0.3");
      ExecutorService runner = Executors.newSingleThreadExecutor();
      try (Connection c =
              DriverManager.getConnection(url(pg, "127.0.0.1"), pg.connectionProperties());
          Statement s = c.createStatement()) {
        String pid = Sql.value(c, "select pg_backend_pid()");
        Future<?> sleeping = runner.submit(() -> s.execute("select pg_sleep(30)"));
        Sql.awaitSleeping(pg, pid);

        s.cancel();

        assertThatThrownBy(() -> sleeping.get(20, TimeUnit.SECONDS))
            .hasCauseInstanceOf(SQLException.class)
            .satisfies(
                e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("57014"));
      } finally {
        runner.shutdownNow();
      }
      assertThat(trap.acceptCount).hasValue(0);
      assertThat(router.routed).hasSize(1);
    }
  }

  @Test
  void verifyFullChecksTheUrlHostWhileTheSocketGoesToLoopback() throws Exception {
    TestPostgres pg = TestPostgres.sharedTls();
    useRouter("127.0.0.1");

    try (Connection c =
        DriverManager.getConnection(
            url(pg, "ep-test-123456.neon.test"), pg.connectionProperties())) {
      assertThat(Sql.value(c, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
          .isEqualTo("t");
      assertThat(Sql.value(c, "select host(inet_server_addr())")).isEqualTo("127.0.0.1");
    }
    // The same path with a name the certificate does not hold fails, so the check used the name.
    assertThatThrownBy(
            () -> DriverManager.getConnection(url(pg, "db.other.test"), pg.connectionProperties()))
        .isInstanceOf(SQLException.class);
    TestRoutedSocket mismatch = router.routed.get(1);
    assertThat(mismatch.failure)
        .as("a certificate mismatch is not the address's fault")
        .hasValue(null);
  }

  @Test
  void wrongPasswordIsPgjdbcsErrorAndNotBlamedOnTheAddress() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    useRouter("127.0.0.1");
    Properties props = pg.connectionProperties();
    props.setProperty("password", "not-the-password");

    assertThatThrownBy(() -> DriverManager.getConnection(url(pg, "127.0.0.1"), props))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
        .hasMessageNotContaining("not-the-password");
    assertThat(router.routed.get(0).failure).hasValue(null);
  }
}
