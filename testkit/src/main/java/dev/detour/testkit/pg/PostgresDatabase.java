package dev.detour.testkit.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * One database on a {@link TestPostgres} server, as {@link PostgresExtension} injects it for a test
 * class.
 *
 * @param server the server that holds the database
 * @param name the database name, for example {@code "detour"} or {@code "listenerit_2"}
 * @param jdbcUrl {@code jdbc:postgresql://127.0.0.1:<port>/<name>}, with no credentials in it
 */
public record PostgresDatabase(TestPostgres server, String name, String jdbcUrl) {

  /**
   * Validates that no component is null or blank.
   *
   * @param server the server that holds the database
   * @param name the database name, for example {@code "detour"} or {@code "listenerit_2"}
   * @param jdbcUrl {@code jdbc:postgresql://127.0.0.1:<port>/<name>}, with no credentials in it
   */
  public PostgresDatabase {
    Objects.requireNonNull(server, "server");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: " + name + " (expected: a database name)");
    }
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl: " + jdbcUrl + " (expected: jdbc:postgresql:...)");
    }
  }

  /**
   * Returns the database {@code name} on {@code server}, with its {@link TestPostgres#jdbcUrl}.
   *
   * @param server the server holding the database
   * @param name the database name
   * @return the database {@code name} on {@code server}, with its {@link TestPostgres#jdbcUrl}
   */
  public static PostgresDatabase of(TestPostgres server, String name) {
    Objects.requireNonNull(server, "server");
    return new PostgresDatabase(server, name, server.jdbcUrl(name));
  }

  /**
   * Returns {@link TestPostgres#connectionProperties()} of the server: a new, mutable copy.
   *
   * @return {@link TestPostgres#connectionProperties()} of the server
   */
  public Properties connectionProperties() {
    return server.connectionProperties();
  }

  /**
   * Opens a connection to this database as the server's SCRAM user.
   *
   * @return a new connection, which the caller closes
   * @throws SQLException if the connection fails
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, connectionProperties());
  }
}
