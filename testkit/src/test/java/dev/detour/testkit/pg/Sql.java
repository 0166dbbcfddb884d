package dev.detour.testkit.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs one single-value query; test helper. */
final class Sql {

  private Sql() {}

  static String value(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      if (!rows.next()) {
        throw new AssertionError("no row from: " + query);
      }
      String value = rows.getString(1);
      if (rows.next()) {
        throw new AssertionError("more than one row from: " + query);
      }
      return value;
    }
  }
}
