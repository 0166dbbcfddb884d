package dev.detour.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/** A fresh database lives exactly as long as its class: the next class finds it dropped. */
@WithPostgres
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class FreshDatabaseCleanupIT {

  private static volatile String firstClassDatabase;

  @Nested
  @Order(1)
  @WithPostgres(freshDatabase = true)
  class First {

    @Test
    void usesItsOwnDatabase(PostgresDatabase database, TestPostgres server) throws SQLException {
      firstClassDatabase = database.name();
      assertThat(countDatabasesNamed(server, database.name())).isEqualTo("1");
    }
  }

  @Nested
  @Order(2)
  class Second {

    @Test
    void findsTheFirstClassDatabaseDropped(TestPostgres server) throws SQLException {
      assertThat(firstClassDatabase).as("database of the first class").isNotNull();
      assertThat(countDatabasesNamed(server, firstClassDatabase)).isEqualTo("0");
    }
  }

  private static String countDatabasesNamed(TestPostgres server, String name) throws SQLException {
    try (Connection superuser = server.connectAsSuperuser()) {
      return Sql.value(
          superuser, "select count(*) from pg_database where datname = '" + name + "'");
    }
  }
}
