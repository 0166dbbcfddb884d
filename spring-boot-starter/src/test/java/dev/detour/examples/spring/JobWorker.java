package dev.detour.examples.spring;

import dev.detour.listener.Resync;
import dev.detour.spring.DetourListen;
import dev.detour.spring.DetourResync;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job-queue worker: a {@code NOTIFY jobs} wakes it, and every resync (the first LISTEN, each
 * reconnect, each overflow) triggers the catch-up poll, so a notification lost while the listener's
 * connection was down never loses a job. Each job is claimed with {@code FOR UPDATE SKIP LOCKED},
 * so a job is processed exactly once even when a notification and a catch-up race.
 */
@Component
public class JobWorker {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();

  JobWorker(JdbcTemplate jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @DetourListen("jobs")
  void onJob(String id) {
    drain();
  }

  @DetourResync("jobs")
  void catchUp(Resync resync) {
    resyncs.incrementAndGet();
    drain();
  }

  /** Processes every pending job, one transaction each. */
  private void drain() {
    while (Boolean.TRUE.equals(tx.execute(status -> claimOne()))) {
      processed.incrementAndGet();
    }
  }

  private boolean claimOne() {
    return jdbc.update(
            "UPDATE jobs SET done_at = now() WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)")
        == 1;
  }

  /**
   * Returns the jobs this worker processed.
   *
   * @return the count
   */
  public long processed() {
    return processed.get();
  }

  /**
   * Returns the resyncs this worker received.
   *
   * @return the count
   */
  public long resyncs() {
    return resyncs.get();
  }
}
