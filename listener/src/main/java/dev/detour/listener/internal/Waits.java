package dev.detour.listener.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Scheduler;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The connection thread's backoff wait, which {@link #wakeUp()} (a close) ends at once; and the
 * conversion of a wait to pgjdbc's whole milliseconds.
 */
final class Waits {

  private final Scheduler scheduler;
  private final Object lock = new Object();
  private boolean woken;

  Waits(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Waits {@code delay} on the scheduler's clock, or until {@link #wakeUp()} or {@code stop}. */
  void await(Duration delay, BooleanSupplier stop) throws InterruptedException {
    synchronized (lock) {
      woken = false;
    }
    Cancellable timer = scheduler.schedule(this::wakeUp, delay);
    try {
      synchronized (lock) {
        while (!woken && !stop.getAsBoolean()) {
          lock.wait();
        }
      }
    } finally {
      timer.cancel();
    }
  }

  /** Ends the current wait, if any. */
  void wakeUp() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  /** Rounds a positive wait up to whole milliseconds, at least 1 (0 would mean forever). */
  static int millis(long nanos) {
    long ms = (nanos + 999_999) / 1_000_000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }
}
