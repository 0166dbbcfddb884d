package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registering the extension without {@link WithPostgres} gives the plain server's shared database.
 */
@ExtendWith(PostgresExtension.class)
class ExtendWithOnlyIT {

  private static TestPostgres fromBeforeAll;

  @BeforeAll
  static void lifecycleMethodsCanTakeTheServer(TestPostgres server) {
    fromBeforeAll = server;
  }

  @Test
  void injectsThePlainServerAndItsSharedDatabase(TestPostgres server, PostgresDatabase database)
      throws SQLException {
    assertThat(server).isSameAs(TestPostgres.shared()).isSameAs(fromBeforeAll);
    assertThat(database.name()).isEqualTo("detour");
    assertThat(database.jdbcUrl()).isEqualTo(server.jdbcUrl("detour"));
    try (Connection connection = database.connect()) {
      assertThat(Sql.value(connection, "select current_database()")).isEqualTo("detour");
    }
    ServerSightings.assertSameServerAsEarlierClasses(server);
  }
}
