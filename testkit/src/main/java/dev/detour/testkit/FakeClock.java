package dev.detour.testkit;

import dev.detour.core.Cancellable;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Ticker} and {@link Scheduler} on virtual time, for unit tests that must never sleep.
 *
 * <p>Nothing runs by itself. A test moves time with {@link #advance(Duration)}; every timer due by
 * then runs, in due order (ties in submission order), with {@link #nanoTime()} reading the timer's
 * due time while it runs. Tasks given to {@link #execute(Runnable)} run at the next {@link
 * #advance} or {@link #runUntilIdle()}, on the calling thread.
 *
 * <p>Thread-safe: tasks may be submitted from any thread. Tasks themselves run on the thread that
 * calls {@code advance} or {@code runUntilIdle}.
 */
public final class FakeClock implements Ticker, Scheduler {

  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private long now;
  private long sequence;
  private boolean closed;

  /** Creates a clock that reads an arbitrary non-zero start time, as a real ticker would. */
  public FakeClock() {
    this(1_000_000_000_000L);
  }

  /**
   * Creates a clock that starts at {@code startNanos}.
   *
   * @param startNanos the first value of {@link #nanoTime()}
   */
  public FakeClock(long startNanos) {
    this.now = startNanos;
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public Ticker ticker() {
    return this;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
    Objects.requireNonNull(task, "task");
    checkOpen();
    Timer timer = new Timer(now + Math.max(0, unit.toNanos(delay)), sequence++, task);
    timers.add(timer);
    return () -> {
      synchronized (FakeClock.this) {
        return timers.remove(timer);
      }
    };
  }

  @Override
  public synchronized void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    checkOpen();
    ready.add(task);
  }

  /**
   * Moves time forward by {@code duration}, running every task that falls due on the way.
   *
   * @param duration how far to move, not negative
   */
  public void advance(Duration duration) {
    advance(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Moves time forward by {@code amount unit}, running every task that falls due on the way.
   *
   * @param amount how far to move, not negative
   * @param unit the unit of {@code amount}
   */
  public void advance(long amount, TimeUnit unit) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount: " + amount + " (expected >= 0)");
    }
    long target;
    synchronized (this) {
      target = now + unit.toNanos(amount);
    }
    while (true) {
      drainReady();
      Runnable next;
      synchronized (this) {
        Timer head = timers.peek();
        if (head == null || head.due > target) {
          now = Math.max(now, target);
          if (ready.isEmpty()) {
            return;
          }
          continue;
        }
        timers.poll();
        now = Math.max(now, head.due);
        next = head.task;
      }
      next.run();
    }
  }

  /** Runs every queued task and every timer already due, without moving time. */
  public void runUntilIdle() {
    advance(0, TimeUnit.NANOSECONDS);
  }

  /**
   * Returns how many timers are waiting.
   *
   * @return how many timers are waiting
   */
  public synchronized int pendingTimers() {
    return timers.size();
  }

  /**
   * Returns how many {@link #execute} tasks are waiting.
   *
   * @return how many {@link #execute} tasks are waiting
   */
  public synchronized int pendingTasks() {
    return ready.size();
  }

  /**
   * Returns the delay until the next timer, or {@code null} if none is pending.
   *
   * @return the delay until the next timer, or {@code null} if none is pending
   */
  public synchronized Duration nextTimerDelay() {
    Timer head = timers.peek();
    return head == null ? null : Duration.ofNanos(head.due - now);
  }

  @Override
  public synchronized void close() {
    closed = true;
    timers.clear();
    ready.clear();
  }

  private void drainReady() {
    while (true) {
      Runnable task;
      synchronized (this) {
        task = ready.poll();
      }
      if (task == null) {
        return;
      }
      task.run();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new RejectedExecutionException("FakeClock is closed");
    }
  }

  @Override
  public synchronized String toString() {
    return "FakeClock[now=" + now + "ns, timers=" + timers.size() + ", ready=" + ready.size() + "]";
  }

  private static final class Timer implements Comparable<Timer> {
    final long due;
    final long seq;
    final Runnable task;

    Timer(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
