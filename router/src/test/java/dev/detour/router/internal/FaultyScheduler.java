package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.testkit.FakeClock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FakeClock} seen through faults a test switches on: a ticker that runs ahead of the
 * clock's timers (a thread delayed past a deadline), and a scheduler that rejects work (closed).
 */
final class FaultyScheduler implements Scheduler {

  private final FakeClock clock;
  volatile long skewNanos;
  volatile boolean rejectSchedules;
  volatile boolean rejectExecutes;

  /** Runs (once) before the next {@code schedule}: a thread that is slow to arm a timer. */
  volatile Runnable beforeNextSchedule;

  FaultyScheduler(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public Ticker ticker() {
    return () -> clock.nanoTime() + skewNanos;
  }

  @Override
  public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
    if (rejectSchedules) {
      throw new RejectedExecutionException("scheduler closed (test)");
    }
    Runnable hook = beforeNextSchedule;
    if (hook != null) {
      beforeNextSchedule = null;
      hook.run();
    }
    return clock.schedule(task, delay, unit);
  }

  @Override
  public void execute(Runnable task) {
    if (rejectExecutes) {
      throw new RejectedExecutionException("scheduler closed (test)");
    }
    clock.execute(task);
  }

  @Override
  public void close() {
    clock.close();
  }
}
