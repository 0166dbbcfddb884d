package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

@WithPostgres(freshDatabase = true)
class DatabaseLifecycleIT {

  @Test
  void secondClassGetsADistinctDatabaseOnTheSameServer(PostgresDatabase database)
      throws SQLException {
    assertThat(database.name()).matches("databaselifecycleit_[0-9]+");
    try (Connection connection = database.connect()) {
      assertThat(Sql.value(connection, "select current_database()")).isEqualTo(database.name());
    }
    ServerSightings.assertDatabaseUnique(database.name(), DatabaseLifecycleIT.class);
    ServerSightings.assertSameServerAsEarlierClasses(database.server());
  }

  @Test
  void createDatabaseReturnsUniqueSanitizedNames(TestPostgres server) throws SQLException {
    String first = server.createDatabase("Some Hint!");
    String second = server.createDatabase("Some Hint!");

    assertThat(first).matches("some_hint_[0-9]+");
    assertThat(second).matches("some_hint_[0-9]+").isNotEqualTo(first);
    try (Connection connection = server.connect(second)) {
      assertThat(Sql.value(connection, "select current_database()")).isEqualTo(second);
    }
    server.dropDatabase(first);
    server.dropDatabase(second);
  }

  @Test
  void dropDatabaseRemovesItEvenWithOpenConnections(TestPostgres server) throws SQLException {
    String name = server.createDatabase("to be dropped");
    try (Connection open = server.connect(name);
        Connection superuser = server.connectAsSuperuser()) {
      server.dropDatabase(name);

      assertThat(
              Sql.value(
                  superuser, "select count(*) from pg_database where datname = '" + name + "'"))
          .isEqualTo("0");
      assertThatThrownBy(() -> Sql.value(open, "select 1")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void createAndDropRejectBadInput(TestPostgres server) {
    assertThatThrownBy(() -> server.createDatabase(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nameHint: ' ' (expected: non-blank text)");
    assertThatThrownBy(() -> server.dropDatabase("detour"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a shared one");
    assertThatThrownBy(() -> server.dropDatabase("Robert'); drop table students;--"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain lower-case identifier");
    assertThatThrownBy(() -> server.jdbcUrl(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("database: '' (expected: non-blank text)");
  }
}
