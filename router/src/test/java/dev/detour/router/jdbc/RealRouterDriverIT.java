package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.detour.router.RouterRegistry;
import dev.detour.router.TestRouters;
import dev.detour.testkit.pg.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver with the real router from the registry (no test double), on 127.0.0.1. */
class RealRouterDriverIT {

  @BeforeAll
  static void realRouters() {
    TestRouters.reset();
  }

  @AfterAll
  static void closeRouters() {
    RouterRegistry.closeAll();
  }

  private static String url(TestPostgres pg) {
    return "jdbc:detour:postgresql://127.0.0.1:" + pg.port() + "/" + pg.database();
  }

  @Test
  void selectOneWorksThroughDriverManager() throws Exception {
    TestPostgres pg = TestPostgres.shared();

    try (Connection c = DriverManager.getConnection(url(pg), pg.connectionProperties())) {
      assertThat(Sql.value(c, "select 1")).isEqualTo("1");
    }
  }

  @Test
  void inetServerAddrIsTheChosenAddress() throws Exception {
    TestPostgres pg = TestPostgres.shared();

    RoutedConnection routed = new DetourDriver().connectRouted(url(pg), pg.connectionProperties());
    try (Connection c = routed.connection()) {
      assertThat(Sql.value(c, "select host(inet_server_addr())"))
          .isEqualTo(routed.address().getAddress().getHostAddress());
    }
  }

  @Test
  void plainHikariWithAJdbcDetourUrlWorks() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(pg) + "?detour.router.connectBudget=5s");
    config.setUsername(pg.user());
    config.setPassword(pg.password());
    config.setMaximumPoolSize(2);
    config.setPoolName("detour-real-router-it");

    try (HikariDataSource ds = new HikariDataSource(config);
        Connection c = ds.getConnection()) {
      assertThat(Sql.value(c, "select 1")).isEqualTo("1");
    }
  }

  @Test
  void noDetourThreadIsLeftAfterTheRegistryCloses() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    try (Connection c = DriverManager.getConnection(url(pg), pg.connectionProperties())) {
      assertThat(Sql.value(c, "select 1")).isEqualTo("1");
    }

    RouterRegistry.closeAll();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .noneMatch(
                        t ->
                            t.getName().startsWith("detour-router")
                                || t.getName().startsWith("detour-resolver")));
  }
}
