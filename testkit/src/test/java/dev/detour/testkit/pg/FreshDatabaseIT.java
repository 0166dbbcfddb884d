package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@WithPostgres(freshDatabase = true)
class FreshDatabaseIT {

  private final PostgresDatabase outer;

  FreshDatabaseIT(PostgresDatabase outer) {
    this.outer = outer;
  }

  @Test
  void classGetsItsOwnDatabaseNamedAfterIt(PostgresDatabase database) throws SQLException {
    assertThat(database).isEqualTo(outer);
    assertThat(database.name()).matches("freshdatabaseit_[0-9]+");
    try (Connection connection = database.connect()) {
      assertThat(Sql.value(connection, "select current_database()")).isEqualTo(database.name());
      assertThat(Sql.value(connection, "select current_user")).isEqualTo("detour");
      assertThat(
              Sql.value(
                  connection,
                  "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"))
          .isEqualTo("detour");
    }
    ServerSightings.assertDatabaseUnique(database.name(), FreshDatabaseIT.class);
  }

  @Test
  void serverIsTheJvmWideOne(TestPostgres server) throws SQLException {
    assertThat(server).isSameAs(TestPostgres.shared());
    assertThat(server.tls()).isFalse();
    ServerSightings.assertSameServerAsEarlierClasses(server);
  }

  @Test
  void ownerCanCreateTablesInTheFreshDatabase(PostgresDatabase database) throws SQLException {
    try (Connection connection = database.connect()) {
      connection.createStatement().execute("create table t (id int)");
      connection.createStatement().execute("insert into t values (42)");
      assertThat(Sql.value(connection, "select id from t")).isEqualTo("42");
    }
  }

  @Nested
  @WithPostgres(freshDatabase = true)
  class NestedWithItsOwnAnnotation {

    @Test
    void getsAnotherDatabaseOnTheSameServer(PostgresDatabase database, TestPostgres server)
        throws SQLException {
      assertThat(database.name()).matches("freshdatabaseit_nestedwithitsownannotation_[0-9]+");
      assertThat(database.name()).isNotEqualTo(outer.name());
      assertThat(server).isSameAs(outer.server());
      try (Connection connection = database.connect()) {
        assertThat(Sql.value(connection, "select current_database()")).isEqualTo(database.name());
      }
      try (Connection connection = outer.connect()) {
        assertThat(Sql.value(connection, "select current_database()")).isEqualTo(outer.name());
      }
      ServerSightings.assertDatabaseUnique(database.name(), NestedWithItsOwnAnnotation.class);
    }
  }

  @Nested
  class NestedWithoutAnnotation {

    @Test
    void sharesTheEnclosingClassDatabase(PostgresDatabase database) throws SQLException {
      assertThat(database).isEqualTo(outer);
      try (Connection connection = database.connect()) {
        assertThat(Sql.value(connection, "select current_database()")).isEqualTo(outer.name());
      }
    }
  }
}
