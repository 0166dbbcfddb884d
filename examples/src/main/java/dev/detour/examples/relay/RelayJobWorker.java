package dev.detour.examples.relay;

import dev.detour.listener.DetourListener;
import dev.detour.listener.Notification;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.Resync;
import dev.detour.listener.Subscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay-api's job-queue worker: NOTIFY wakes it with a job id, which it claims through the
 * pool; a resync (the first LISTEN, a reconnect, or an overflow: notifications may have been
 * missed) makes it sweep the queue with {@code FOR UPDATE SKIP LOCKED}, so no job is lost.
 *
 * <p>Handlers run on the listener's dispatch thread, one at a time per channel. Thread-safe.
 */
final class RelayJobWorker implements NotificationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RelayJobWorker.class);
  private static final int BATCH = 100;

  private final DataSource pool;
  private final String queue;
  private final String worker;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  RelayJobWorker(DataSource pool, String queue, String worker) {
    this.pool = pool;
    this.queue = queue;
    this.worker = worker;
  }

  /** Subscribes to the queue's channel on {@code listener}. */
  Subscription subscribe(DetourListener listener) {
    return listener.subscribe(JobQueue.channel(queue), this);
  }

  @Override
  public void onNotification(Notification n) {
    long id;
    try {
      id = Long.parseLong(n.payload());
    } catch (NumberFormatException e) {
      LOG.warn(
          "job queue {}: ignoring a notification that is not a job id: '{}'", queue, n.payload());
      return;
    }
    try (Connection c = pool.getConnection()) {
      if (JobQueue.claim(c, queue, id, worker).isPresent()) {
        processed.incrementAndGet();
      }
    } catch (SQLException e) {
      errors.incrementAndGet();
      LOG.warn("job queue {}: job {} left for the next sweep: {}", queue, id, e.getMessage());
    }
  }

  @Override
  public void onResync(Resync resync) {
    resyncs.incrementAndGet();
    try (Connection c = pool.getConnection()) {
      int n;
      do {
        List<Long> ids = JobQueue.catchUp(c, queue, BATCH, worker);
        n = ids.size();
        processed.addAndGet(n);
      } while (n == BATCH);
    } catch (SQLException e) {
      errors.incrementAndGet();
      LOG.warn(
          "job queue {}: catch-up after {} failed: {}", queue, resync.reason(), e.getMessage());
    }
  }

  long processed() {
    return processed.get();
  }

  long resyncs() {
    return resyncs.get();
  }

  long errors() {
    return errors.get();
  }
}
