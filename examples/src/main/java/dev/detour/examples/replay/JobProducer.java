package dev.detour.examples.replay;

import dev.detour.core.NamedThreadFactory;
import dev.detour.examples.relay.JobQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Inserts one job per stack every {@code interval}, with NOTIFY, through a connection straight to
 * PostgreSQL (around the fleet): jobs keep arriving whatever the faults, as from another service.
 * Each stack's listener must process its own queue's jobs. One daemon thread.
 */
final class JobProducer {

  private final Map<String, StackRecorder> queues;
  private final Duration interval;
  private final ConnectionSource direct;
  private volatile boolean running;
  private Thread thread;

  /** Opens a connection straight to PostgreSQL. */
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /**
   * @param queues queue name to the recorder of the stack that owns it
   */
  JobProducer(Map<String, StackRecorder> queues, Duration interval, ConnectionSource direct) {
    this.queues = Map.copyOf(queues);
    this.interval = interval;
    this.direct = direct;
  }

  void start() {
    running = true;
    thread = new NamedThreadFactory("replay-job-producer").newThread(this::loop);
    thread.start();
  }

  void stop() {
    running = false;
    LockSupport.unpark(thread);
  }

  private void loop() {
    Connection c = null;
    long sequence = 0;
    while (running) {
      try {
        if (c == null) {
          c = direct.open();
        }
        for (Map.Entry<String, StackRecorder> q : queues.entrySet()) {
          long at = q.getValue().now();
          long id = JobQueue.enqueue(c, q.getKey(), "{\"job\":" + sequence + "}");
          q.getValue().jobInserted(id, at);
        }
        sequence++;
      } catch (SQLException e) {
        closeQuietly(c);
        c = null;
      }
      LockSupport.parkNanos(interval.toNanos());
    }
    closeQuietly(c);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the direct connection is ours alone
      }
    }
  }
}
