package dev.detour.examples.replay;

import dev.detour.examples.relay.JobQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job worker of one stack: claims each notified job through the stack's own pool and, after a
 * resync, sweeps the queue with {@code FOR UPDATE SKIP LOCKED}. Thread-safe.
 */
final class StackJobs implements JobWorker {

  private static final int CATCH_UP_BATCH = 100;

  private final Stack stack;
  private final String queue;
  private final StackRecorder recorder;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong catchUps = new AtomicLong();

  StackJobs(Stack stack, String queue, StackRecorder recorder) {
    this.stack = stack;
    this.queue = queue;
    this.recorder = recorder;
  }

  @Override
  public void onJob(long id) {
    try (Connection c = stack.borrow()) {
      JobQueue.claim(c, queue, id, stack.name()).ifPresent(recorder::jobProcessed);
    } catch (SQLException | RuntimeException e) {
      errors.incrementAndGet();
    }
  }

  @Override
  public void catchUp() {
    catchUps.incrementAndGet();
    try (Connection c = stack.borrow()) {
      while (true) {
        List<Long> ids = JobQueue.catchUp(c, queue, CATCH_UP_BATCH, stack.name());
        ids.forEach(recorder::jobProcessed);
        if (ids.size() < CATCH_UP_BATCH) {
          return;
        }
      }
    } catch (SQLException | RuntimeException e) {
      errors.incrementAndGet();
    }
  }

  @Override
  public void listenerAlive() {
    recorder.listenerAlive();
  }

  @Override
  public void listenerLost(String reason) {
    recorder.listenerLost(reason);
  }

  @Override
  public void listenerGapBegan(java.time.Duration ago) {
    recorder.listenerGapBegan(recorder.now() - ago.toNanos());
  }

  @Override
  public void listenerBack() {
    recorder.listenerBack();
  }

  /** Failed claims and sweeps (each one leaves its jobs for a later sweep, if any). */
  long errors() {
    return errors.get();
  }

  long catchUps() {
    return catchUps.get();
  }
}
