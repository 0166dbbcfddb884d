package dev.detour.testkit.proxy.internal;

import dev.detour.testkit.proxy.Fault;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current fault of one proxy address, as seen by the pumps that forward bytes: it decides when
 * and how many bytes of a chunk may pass. Thread-safe.
 */
final class FaultGate {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Fault fault = Fault.pass();
  private long stallBudget;
  private boolean closed;

  Fault fault() {
    lock.lock();
    try {
      return fault;
    } finally {
      lock.unlock();
    }
  }

  void set(Fault newFault) {
    lock.lock();
    try {
      fault = newFault;
      stallBudget = newFault instanceof Fault.StallAfter s ? s.bytes() : 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting pump (a connection closed or the fleet is closing). */
  void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until some of a chunk of {@code length} bytes, read when the chunk arrived, may be
   * forwarded.
   *
   * <p>Steps: 1. under {@code latency(d)}, wait until {@code d} has passed since the call (or the
   * fault changed); 2. under {@code stallAfter}, take what is left of the budget, or wait for the
   * fault to change when nothing is left; 3. otherwise allow the whole chunk.
   *
   * @return the number of bytes that may be forwarded now ({@code 1..length}), or -1 when the gate
   *     or the connection closed
   */
  int permit(int length, ProxyConnection connection) throws InterruptedException {
    long latencyLeft = 0;
    boolean latencyStarted = false;
    lock.lock();
    try {
      while (true) {
        if (closed || connection.isClosed()) {
          return -1;
        }
        if (fault instanceof Fault.StallAfter || fault instanceof Fault.BlackholeAndStall) {
          if (stallBudget > 0) {
            int allowed = (int) Math.min(length, stallBudget);
            stallBudget -= allowed;
            return allowed;
          }
          changed.await();
        } else if (fault instanceof Fault.Latency latency) {
          if (!latencyStarted) {
            // awaitNanos may return a negative remainder, so "not started" needs its own flag
            latencyStarted = true;
            latencyLeft = latency.delay().toNanos();
          }
          if (latencyLeft <= 0) {
            return length;
          }
          latencyLeft = changed.awaitNanos(latencyLeft);
        } else {
          return length;
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
