package dev.detour.core;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The time and thread seam of Detour: every timer, background task and blocking job that a Detour
 * module starts goes through a scheduler.
 *
 * <p>Two implementations exist:
 *
 * <ul>
 *   <li>{@link #system(String)}: real time, named daemon threads, stopped by {@link #close()};
 *   <li>{@code dev.detour.testkit.FakeClock}: virtual time, where tasks run only when a test
 *       advances the clock, so unit tests never sleep.
 * </ul>
 *
 * <p>Timer callbacks ({@link #schedule}) must be short and must not block; blocking work (a TCP
 * connect, a DNS query) goes to {@link #execute}, which runs it on a worker thread.
 *
 * <p>Implementations are thread-safe.
 */
public interface Scheduler extends Executor, AutoCloseable {

  /**
   * Returns the ticker that this scheduler measures delays against.
   *
   * @return the ticker that this scheduler measures delays against
   */
  Ticker ticker();

  /**
   * Runs {@code task} once, after {@code delay} has passed on {@link #ticker()}.
   *
   * @param delay how long to wait; zero or negative runs the task as soon as possible
   * @param task the task to run
   * @param unit the unit of {@code delay}
   * @return a handle that cancels the task if it has not started
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
   */
  Cancellable schedule(Runnable task, long delay, TimeUnit unit);

  /**
   * Like {@link #schedule(Runnable, long, TimeUnit)}, with a {@link Duration}.
   *
   * @param task the task to run
   * @param delay how long to wait
   * @return a handle that cancels the task
   */
  default Cancellable schedule(Runnable task, Duration delay) {
    return schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code task} on a worker thread (real scheduler) or at the next turn of the virtual clock
   * (fake scheduler). The task may block.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
   */
  @Override
  void execute(Runnable task);

  /**
   * Stops accepting tasks, cancels pending timers and interrupts running workers. Idempotent. After
   * {@code close()} returns, no thread started by this scheduler runs Detour code for longer than
   * it takes to observe the interrupt.
   */
  @Override
  void close();

  /** The default cap of {@link #system(String)}'s worker threads: {@value}. */
  int DEFAULT_MAX_WORKERS = 64;

  /**
   * Returns a real-time scheduler whose threads are daemon threads named {@code name + "-timer-1"}
   * and {@code name + "-worker-N"}, with at most {@link #DEFAULT_MAX_WORKERS} workers.
   *
   * @param name a prefix for thread names, for example {@code "detour-resolver"}
   * @return a real-time scheduler whose threads are daemon threads named {@code name + "-timer"}
   *     and {@code name + "-worker-N"}
   */
  static Scheduler system(String name) {
    return system(name, DEFAULT_MAX_WORKERS);
  }

  /**
   * Like {@link #system(String)}, with at most {@code maxWorkers} worker threads. Workers start on
   * demand and retire after 30 s idle; when all of them are busy, {@link #execute} queues the task
   * (it runs when a worker frees up), so that a burst of blocking work cannot start an unbounded
   * number of threads.
   *
   * @param name the thread name prefix
   * @param maxWorkers the most worker threads alive at once, 1 to 10000
   * @return a real-time scheduler whose threads are daemon threads named {@code name + "-timer"}
   *     and {@code name + "-worker-N"}
   * @throws IllegalArgumentException if {@code maxWorkers} is out of range
   */
  static Scheduler system(String name, int maxWorkers) {
    if (maxWorkers < 1 || maxWorkers > 10_000) {
      throw new IllegalArgumentException(
          "maxWorkers: " + maxWorkers + " (expected 1 <= maxWorkers <= 10000)");
    }
    return new SystemScheduler(name, maxWorkers);
  }
}
