package dev.detour.examples.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A Postgres job queue woken by NOTIFY: {@link #enqueue} inserts a job and notifies the queue's
 * channel in one transaction; a worker claims the notified job with {@link #claim}, and after a
 * resync (missed notifications) sweeps what is left with {@link #catchUp}, which locks with {@code
 * FOR UPDATE SKIP LOCKED} so that several workers never take the same job. Stateless.
 */
public final class JobQueue {

  private JobQueue() {}

  /**
   * Returns the NOTIFY channel of {@code queue}: {@code jobs_<queue>}.
   *
   * @param queue letters, digits and underscores
   * @return the channel name
   */
  public static String channel(String queue) {
    if (!queue.matches("[a-z0-9_]{1,40}")) {
      throw new IllegalArgumentException(
          "queue: '" + queue + "' (expected 1 to 40 of a-z, 0-9 and _)");
    }
    return "jobs_" + queue;
  }

  /**
   * Inserts a job and notifies {@link #channel(String)} with its id, in one transaction.
   *
   * @param connection an open connection, used in its own transaction
   * @param queue the queue
   * @param payload the job's payload
   * @return the job's id
   * @throws SQLException if the insert or the commit fails
   */
  public static long enqueue(Connection connection, String queue, String payload)
      throws SQLException {
    String channel = channel(queue);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
            connection.prepareStatement(
                "insert into jobs (queue, payload) values (?, ?) returning id");
        PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
      insert.setString(1, queue);
      insert.setString(2, payload);
      long id;
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
      notify.setString(1, channel);
      notify.setString(2, Long.toString(id));
      notify.execute();
      connection.commit();
      return id;
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Marks job {@code id} of {@code queue} processed by {@code worker}, if nobody did yet.
   *
   * @param connection an open connection
   * @param queue the queue
   * @param id the job
   * @param worker the name recorded as the processor
   * @return the id if this call claimed it, empty if it was already processed or does not exist
   * @throws SQLException if the update fails
   */
  public static OptionalLong claim(Connection connection, String queue, long id, String worker)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "update jobs set processed_at = clock_timestamp(), processed_by = ?"
                + " where id = ? and queue = ? and processed_at is null returning id")) {
      ps.setString(1, worker);
      ps.setLong(2, id);
      ps.setString(3, queue);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * Claims up to {@code limit} unprocessed jobs of {@code queue}, oldest first, skipping rows that
   * another worker holds ({@code FOR UPDATE SKIP LOCKED}), in one transaction.
   *
   * @param connection an open connection, used in its own transaction
   * @param queue the queue
   * @param limit the most jobs to claim
   * @param worker the name recorded as the processor
   * @return the ids claimed
   * @throws SQLException if the sweep fails
   */
  public static List<Long> catchUp(Connection connection, String queue, int limit, String worker)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "update jobs set processed_at = clock_timestamp(), processed_by = ? where id in"
                + " (select id from jobs where queue = ? and processed_at is null order by id"
                + " limit ? for update skip locked) returning id")) {
      ps.setString(1, worker);
      ps.setString(2, queue);
      ps.setInt(3, limit);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      connection.commit();
      return ids;
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void rollbackQuietly(Connection connection, SQLException cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
