package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each test class saw of the JVM's servers: the port and PostgreSQL's own start time. Every
 * class that reports here checks that it saw the same server as every class before it, so with two
 * or more classes in one run this proves the server is shared, not restarted.
 */
final class ServerSightings {

  private static final Map<Boolean, String> FIRST_SEEN = new ConcurrentHashMap<>();
  private static final Map<String, Class<?>> FRESH_DATABASES = new ConcurrentHashMap<>();

  private ServerSightings() {}

  /** Asserts that {@code server} is the same running server earlier classes saw. */
  static void assertSameServerAsEarlierClasses(TestPostgres server) throws SQLException {
    String identity;
    try (Connection superuser = server.connectAsSuperuser()) {
      identity =
          server.port() + " started " + Sql.value(superuser, "select pg_postmaster_start_time()");
    }
    String first = FIRST_SEEN.putIfAbsent(server.tls(), identity);
    assertThat(identity).isEqualTo(first == null ? identity : first);
  }

  /** Asserts that no other class was given the database {@code name}. */
  static void assertDatabaseUnique(String name, Class<?> owner) {
    Class<?> previous = FRESH_DATABASES.putIfAbsent(name, owner);
    assertThat(previous).as("class that got database " + name + " before").isIn(null, owner);
  }
}
