package dev.detour.listener;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection for the listener instead of a {@code jdbc:detour:} URL, for example from a
 * {@code DataSource}. The listener owns every connection it gets and closes it. The supplier must
 * return a pgjdbc connection (one that unwraps to {@code org.postgresql.PGConnection}) that does
 * not go through a transaction pooler, and must bound its own connect time.
 */
@FunctionalInterface
public interface ConnectionSupplier {

  /**
   * Opens a new physical connection.
   *
   * @return the connection; never null
   * @throws SQLException if it cannot be opened
   */
  Connection get() throws SQLException;
}
