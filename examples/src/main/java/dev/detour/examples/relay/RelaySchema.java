package dev.detour.examples.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The relay-api's tables (users, albums, a moderation queue and a job queue) and a small seed data
 * set, created idempotently. Stateless.
 */
public final class RelaySchema {

  /** Users in the seed data; session tokens are {@code token-1} .. {@code token-N}. */
  public static final int USERS = 200;

  /** Albums in the seed data, spread over the users. */
  public static final int ALBUMS = 2_000;

  private static final String[] DDL = {
    "create table if not exists users (id int primary key, email text not null,"
        + " session_token text not null unique)",
    "create table if not exists albums (id int primary key, owner_id int not null,"
        + " title text not null, created_at timestamptz not null)",
    "create index if not exists albums_owner on albums (owner_id, created_at desc)",
    "create table if not exists moderation_queue (id int primary key, album_id int not null,"
        + " status text not null)",
    "create table if not exists jobs (id bigserial primary key, queue text not null,"
        + " payload text not null, created_at timestamptz not null default clock_timestamp(),"
        + " processed_at timestamptz, processed_by text)",
    "create index if not exists jobs_pending on jobs (queue, id) where processed_at is null",
  };

  private static final String[] SEED = {
    "insert into users select i, 'user' || i || '@relay.test', 'token-' || i"
        + " from generate_series(1, "
        + USERS
        + ") i on conflict do nothing",
    "insert into albums select i, 1 + i % "
        + USERS
        + ", 'album ' || i,"
        + " timestamptz '2025-12-01' + i * interval '1 minute'"
        + " from generate_series(1, "
        + ALBUMS
        + ") i on conflict do nothing",
    "insert into moderation_queue select i, i * 7 % "
        + ALBUMS
        + " + 1,"
        + " case when i % 3 = 0 then 'pending' else 'done' end"
        + " from generate_series(1, 300) i on conflict do nothing",
  };

  private RelaySchema() {}

  /**
   * Creates the tables and the seed rows if they are missing.
   *
   * @param connection a connection with the right to create tables; used in one transaction
   * @throws SQLException if a statement fails
   */
  public static void create(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      for (String sql : DDL) {
        s.execute(sql);
      }
      for (String sql : SEED) {
        s.execute(sql);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
