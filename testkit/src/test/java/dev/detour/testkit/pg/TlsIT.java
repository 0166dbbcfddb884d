package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.testkit.internal.pg.ThrowawayCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS server: {@code verify-full} succeeds for every name in the certificate and fails for any
 * other, and a login without TLS is refused.
 *
 * <p>A name mismatch is shown with {@link LoopbackSocketFactory}: the socket always reaches
 * 127.0.0.1, while pgjdbc checks (and sends as SNI) the host named in the URL. The same path
 * succeeds for {@code db.neon.test} and fails for {@code db.other.test}, so the failure can only
 * come from the name check.
 */
@WithPostgres(tls = true)
class TlsIT {

  @Test
  void verifyFullToLocalhostSucceedsOverTls(TestPostgres server) throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(
            server.jdbcUrl("localhost", server.database()), server.connectionProperties())) {
      assertThat(Sql.value(connection, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
          .isEqualTo("t");
      assertThat(Sql.value(connection, "select system_user")).isEqualTo("scram-sha-256:detour");
    }
  }

  @Test
  void verifyFullToTheLoopbackAddressSucceeds(PostgresDatabase database) throws SQLException {
    assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    assertThat(database.connectionProperties())
        .containsEntry("sslmode", "verify-full")
        .containsEntry("sslrootcert", database.server().caCertificate().toString());
    try (Connection connection = database.connect()) {
      assertThat(Sql.value(connection, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
          .isEqualTo("t");
    }
  }

  @Test
  void verifyFullSucceedsForNeonTestNamesReachedThroughLoopback(TestPostgres server)
      throws SQLException {
    for (String host : List.of("ep-cool-frost-123456.neon.test", "neon.test")) {
      try (Connection connection =
          DriverManager.getConnection(
              server.jdbcUrl(host, server.database()),
              viaLoopback(server.connectionProperties()))) {
        assertThat(
                Sql.value(connection, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
            .as(host)
            .isEqualTo("t");
      }
    }
  }

  @Test
  void verifyFullRejectsAHostNameOutsideTheCertificate(TestPostgres server) {
    Properties properties = viaLoopback(server.connectionProperties());

    assertThatThrownBy(
            () ->
                DriverManager.getConnection(server.jdbcUrl("db.other.test", "detour"), properties))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getSQLState()).isEqualTo("08006");
              assertThat(e.getMessage()).contains("hostname db.other.test could not be verified");
            });
  }

  @Test
  void verifyFullRejectsACertificateFromAnotherCa(TestPostgres server, @TempDir Path otherCa) {
    Path otherRoot =
        ThrowawayCertificates.write(otherCa, List.of("localhost"), List.of()).caCertificate();
    Properties properties = server.connectionProperties();
    properties.setProperty("sslrootcert", otherRoot.toString());

    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("detour"), properties))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not chain with any of the trust anchors");
  }

  @Test
  void loginWithoutTlsIsRefused(TestPostgres server) {
    Properties properties = server.connectionProperties();
    properties.setProperty("sslmode", "disable");
    properties.remove("ssl");

    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("detour"), properties))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getSQLState()).isEqualTo("28000");
              assertThat(e.getMessage()).contains("no encryption");
            });
  }

  @Test
  void superuserSetupConnectionVerifiesTheCertificateToo(TestPostgres server) throws SQLException {
    try (Connection superuser = server.connectAsSuperuser()) {
      assertThat(Sql.value(superuser, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
          .isEqualTo("t");
      assertThat(Sql.value(superuser, "show ssl")).isEqualTo("on");
    }
  }

  @Test
  void tlsServerIsASecondJvmWideServer(TestPostgres server) throws SQLException {
    assertThat(server).isSameAs(TestPostgres.sharedTls()).isNotSameAs(TestPostgres.shared());
    assertThat(server.tls()).isTrue();
    assertThat(server.port()).isNotEqualTo(TestPostgres.shared().port());
    assertThat(server.caCertificate()).isRegularFile().isAbsolute();
    ServerSightings.assertSameServerAsEarlierClasses(server);
  }

  private static Properties viaLoopback(Properties properties) {
    properties.setProperty("socketFactory", LoopbackSocketFactory.class.getName());
    return properties;
  }
}
