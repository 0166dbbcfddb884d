package dev.detour.core;

import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-time {@link Scheduler}: one timer thread plus a capped pool of worker threads.
 *
 * <p>Workers are created on demand up to {@code maxWorkers} and retire after 30 s idle, so an idle
 * Detour holds one thread per scheduler. Past the cap, tasks wait in a queue: the router's blocking
 * work (a TCP connect, a probe) is bounded by its own deadline, which it checks when it starts, so
 * a queued task never runs past it. Package-private: use {@link Scheduler#system(String, int)}.
 *
 * <p>A cancelled timer task stays in the timer's queue until its due time, where it is dropped
 * without running (about 64 bytes each; cancelling releases the task itself at once). Removing it
 * at cancel time (the other policy) empties the queue on a quiet router, so that nearly every new
 * task becomes the earliest one and wakes the timer thread: three wake-ups per routed connect
 * (attempt timeout, stagger, watchdog), each of which can preempt the connecting thread. Kept tasks
 * are almost always earlier than new ones, so scheduling a timer on the hot path wakes nobody.
 *
 * <p>Timer slack: a task's due time is rounded up to a multiple of a power of two no larger than
 * 1/64 of its delay and no larger than {@value #MAX_SLACK_NANOS} ns (67 ms), so a task runs up to
 * that much late (a 100 ms delay: about 1 ms; a 10 s one: up to 67 ms). Tasks with similar delays
 * scheduled close together then fall due within microseconds of each other (the executor reads the
 * clock again) and cost the timer thread one wake-up instead of one each; a connect's kept timers
 * otherwise cost that thread about 60 µs of CPU in wake-ups (measured on the 2-core benchmark
 * machine). Delays under 64 ns run exactly.
 */
final class SystemScheduler implements Scheduler {

  /** The largest timer slack: 2^26 ns, about 67 ms. */
  static final long MAX_SLACK_NANOS = 1L << 26;

  /** Every this many cancellations, cancelled tasks are dropped from the timer's queue. */
  static final int PURGE_EVERY = 4096;

  private final String name;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor workers;
  private final AtomicLong cancellations = new AtomicLong();

  SystemScheduler(String name, int maxWorkers) {
    this.name = Objects.requireNonNull(name, "name");
    this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(name + "-timer"));
    this.timer.setRemoveOnCancelPolicy(false); // see the class comment
    this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.workers =
        new ThreadPoolExecutor(
            maxWorkers,
            maxWorkers,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedThreadFactory(name + "-worker"));
    // with a queue, only core threads ever start: make them retire when idle, as a cached pool's do
    this.workers.allowCoreThreadTimeOut(true);
  }

  @Override
  public Ticker ticker() {
    return Ticker.system();
  }

  @Override
  public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
    Objects.requireNonNull(task, "task");
    long delayNanos = Math.max(0, unit.toNanos(delay));
    ScheduledFuture<?> future =
        timer.schedule(task, coalesced(System.nanoTime(), delayNanos), TimeUnit.NANOSECONDS);
    return () -> {
      boolean cancelled = future.cancel(false);
      if (cancelled && cancellations.incrementAndGet() % PURGE_EVERY == 0) {
        purgeLater(); // bounds the kept tasks when delays are long (a budget may be an hour)
      }
      return cancelled;
    };
  }

  /**
   * Returns {@code delayNanos} lengthened so that {@code nowNanos + delay} is a multiple of the
   * slack: the largest power of two at most {@code delayNanos / 64} and {@link #MAX_SLACK_NANOS}.
   */
  static long coalesced(long nowNanos, long delayNanos) {
    long slack = Math.min(Long.highestOneBit(delayNanos >>> 6), MAX_SLACK_NANOS);
    if (slack <= 1) {
      return delayNanos;
    }
    // how far nowNanos + delayNanos is below the next multiple of slack (a power of two); the sum
    // may wrap around, and the low bits are right all the same
    long lengthen = -(nowNanos + delayNanos) & (slack - 1);
    return delayNanos > Long.MAX_VALUE - lengthen ? delayNanos : delayNanos + lengthen;
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

  /** Purges the timer's queue on a worker: cancel() may be called under its caller's locks. */
  private void purgeLater() {
    try {
      workers.execute(timer::purge);
    } catch (RejectedExecutionException closed) {
      // closing: the queue goes with the timer
    }
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
