package dev.detour.core;

import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

  private final String name;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor workers;

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
    return () -> future.cancel(false);
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

  @Override
  public String toString() {
    return "Scheduler.system(" + name + ")";
  }
}
