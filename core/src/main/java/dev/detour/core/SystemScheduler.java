package dev.detour.core;

import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-time {@link Scheduler}: one timer thread plus a cached pool of worker threads.
 *
 * <p>Workers are created on demand and retire after 30 s idle, so an idle Detour holds one thread
 * per scheduler. Package-private: use {@link Scheduler#system(String)}.
 *
 * <p>A cancelled timer task stays in the timer's queue until its due time, where it is dropped
 * without running (about 64 bytes each; cancelling releases the task itself at once). Removing it
 * at cancel time (the other policy) empties the queue on a quiet router, so that nearly every new
 * task becomes the earliest one and wakes the timer thread: three wake-ups per routed connect
 * (attempt timeout, stagger, watchdog), each of which can preempt the connecting thread. Kept tasks
 * are almost always earlier than new ones, so scheduling a timer on the hot path wakes nobody.
 */
final class SystemScheduler implements Scheduler {

  /** Every this many cancellations, cancelled tasks are dropped from the timer's queue. */
  static final int PURGE_EVERY = 4096;

  private final String name;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor workers;
  private final AtomicLong cancellations = new AtomicLong();

  SystemScheduler(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(name + "-timer"));
    this.timer.setRemoveOnCancelPolicy(false); // see the class comment
    this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new NamedThreadFactory(name + "-worker"));
  }

  @Override
  public Ticker ticker() {
    return Ticker.system();
  }

  @Override
  public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
    Objects.requireNonNull(task, "task");
    ScheduledFuture<?> future = timer.schedule(task, Math.max(0, delay), unit);
    return () -> {
      boolean cancelled = future.cancel(false);
      if (cancelled && cancellations.incrementAndGet() % PURGE_EVERY == 0) {
        timer.purge(); // bounds the kept tasks when delays are long (a budget may be an hour)
      }
      return cancelled;
    };
  }

  @Override
  public void execute(Runnable task) {
    workers.execute(Objects.requireNonNull(task, "task"));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }

  /** Returns how many tasks the timer's queue holds, cancelled ones included (for tests). */
  int queuedTimerTasks() {
    return timer.getQueue().size();
  }

  @Override
  public String toString() {
    return "Scheduler.system(" + name + ")";
  }
}
