package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

@WithPostgres
class ScramLoginIT {

  @Test
  void scramUserConnectsWithItsPasswordAndRunsAQuery(TestPostgres server) throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(
            server.jdbcUrl(server.database()), server.connectionProperties())) {
      assertThat(Sql.value(connection, "select 1")).isEqualTo("1");
      assertThat(Sql.value(connection, "select current_user")).isEqualTo("detour");
      // PostgreSQL 16+ reports how the session authenticated: proof that SCRAM was used.
      assertThat(Sql.value(connection, "select system_user")).isEqualTo("scram-sha-256:detour");
    }
  }

  @Test
  void wrongPasswordIsRefusedWithInvalidPasswordState(TestPostgres server) {
    Properties properties = server.connectionProperties();
    properties.setProperty("password", server.password() + "-wrong");

    assertThatThrownBy(
            () -> DriverManager.getConnection(server.jdbcUrl(server.database()), properties))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
  }

  @Test
  void missingPasswordIsRefused(TestPostgres server) {
    Properties properties = server.connectionProperties();
    properties.remove("password");

    assertThatThrownBy(
            () -> DriverManager.getConnection(server.jdbcUrl(server.database()), properties))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void serverStoresTheUserPasswordAsScramVerifier(TestPostgres server) throws SQLException {
    try (Connection superuser = server.connectAsSuperuser()) {
      assertThat(Sql.value(superuser, "show password_encryption")).isEqualTo("scram-sha-256");
      assertThat(Sql.value(superuser, "select rolpassword from pg_authid where rolname = 'detour'"))
          .startsWith("SCRAM-SHA-256$");
      assertThat(
              Sql.value(
                  superuser,
                  "select string_agg(distinct auth_method, ',') from pg_hba_file_rules"
                      + " where type = 'host' and 'all' = any(user_name)"))
          .isEqualTo("scram-sha-256");
      assertThat(Sql.value(superuser, "select rolsuper from pg_roles where rolname = 'detour'"))
          .isEqualTo("f");
    }
  }

  @Test
  void plainServerListensOnLoopbackWithoutTls(TestPostgres server) throws SQLException {
    assertThat(server.tls()).isFalse();
    assertThat(server.host()).isEqualTo("127.0.0.1");
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.address().getPort()).isEqualTo(server.port());
    assertThatThrownBy(server::caCertificate)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sharedTls()");
    try (Connection superuser = server.connectAsSuperuser()) {
      assertThat(Sql.value(superuser, "show listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(Sql.value(superuser, "show ssl")).isEqualTo("off");
    }
  }

  @Test
  void passwordAppearsInNeitherToStringNorUrl(TestPostgres server, PostgresDatabase database) {
    assertThat(server.toString())
        .contains("127.0.0.1:" + server.port(), "detour")
        .doesNotContain(server.password());
    assertThat(database.toString()).doesNotContain(server.password());
    assertThat(server.jdbcUrl("detour"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/detour");
    assertThat(server.password()).hasSizeGreaterThanOrEqualTo(24);
  }

  @Test
  void connectionPropertiesAreAFreshCopyWithUserAndPassword(TestPostgres server) {
    Properties first = server.connectionProperties();
    first.setProperty("user", "someone-else");

    Properties second = server.connectionProperties();
    assertThat(second.getProperty("user")).isEqualTo("detour");
    assertThat(second.getProperty("password")).isEqualTo(server.password());
    assertThat(second.stringPropertyNames()).containsExactlyInAnyOrder("user", "password");
  }

  @Test
  void defaultDatabaseIsOwnedByTheScramUser(PostgresDatabase database) throws SQLException {
    assertThat(database.name()).isEqualTo("detour");
    try (Connection connection = database.connect()) {
      assertThat(Sql.value(connection, "select current_database()")).isEqualTo("detour");
      assertThat(
              Sql.value(
                  connection,
                  "select pg_get_userbyid(datdba) from pg_database where datname = 'detour'"))
          .isEqualTo("detour");
    }
  }
}
