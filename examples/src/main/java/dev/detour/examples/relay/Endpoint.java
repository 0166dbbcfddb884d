package dev.detour.examples.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The relay-api endpoints that stand in for the incident's traffic, each one query. The replay's
 * workers and the sample service run exactly these queries. Stateless; thread-safe.
 */
public enum Endpoint {
  /** {@code GET /albums}: the 20 newest albums of one user. */
  ALBUMS(
      "/albums",
      "select id, title, created_at from albums where owner_id = ? order by created_at desc"
          + " limit 20"),
  /** {@code GET /auth/me}: the user behind a session token. */
  AUTH_ME("/auth/me", "select id, email from users where session_token = ?"),
  /** {@code GET /moderation}: the oldest 20 pending moderation items, with their album titles. */
  MODERATION(
      "/moderation",
      "select m.id, a.title, m.status from moderation_queue m join albums a on a.id = m.album_id"
          + " where m.status = 'pending' order by m.id limit 20");

  private final String path;
  private final String sql;

  Endpoint(String path, String sql) {
    this.path = path;
    this.sql = sql;
  }

  /**
   * Returns the HTTP path.
   *
   * @return for example {@code /albums}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the endpoint serving {@code path}, if any.
   *
   * @param path an HTTP path
   * @return the endpoint, or empty
   */
  public static Optional<Endpoint> forPath(String path) {
    for (Endpoint e : values()) {
      if (e.path.equals(path)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs this endpoint's query for a user and returns its rows, column name to value.
   *
   * @param connection an open connection
   * @param userId the user, from 1 to {@link RelaySchema#USERS}
   * @return the rows, column label to value as text
   * @throws SQLException if the query fails
   */
  public List<Map<String, Object>> run(Connection connection, int userId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      switch (this) {
        case ALBUMS -> ps.setInt(1, userId);
        case AUTH_ME -> ps.setString(1, "token-" + userId);
        case MODERATION -> {}
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns; i++) {
            Object value = rs.getObject(i);
            row.put(rs.getMetaData().getColumnLabel(i), value == null ? null : value.toString());
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  /**
   * Picks an endpoint as the incident's traffic mixed them: half albums, 30 % auth, 20 %
   * moderation.
   *
   * @param random the source of randomness
   * @return the endpoint
   */
  public static Endpoint pick(RandomGenerator random) {
    int r = random.nextInt(10);
    return r < 5 ? ALBUMS : r < 8 ? AUTH_ME : MODERATION;
  }
}
