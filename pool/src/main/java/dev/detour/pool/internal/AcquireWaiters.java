package dev.detour.pool.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The borrowers waiting inside Hikari for a connection, so that they can be released when the
 * host's fast-fail opens: a borrow that began before every address opened would otherwise wait out
 * the whole acquire timeout, although nothing can satisfy it (new connects fast-fail, and the
 * borrowed connections are doomed and evicted on return).
 *
 * <p>Hikari offers no way to wake a waiter but an interrupt: its wait is interruptible, and it
 * answers with an {@link java.sql.SQLException} ("Interrupted during connection acquisition") and
 * the interrupt flag set. A waiter is interrupted only while it is registered here, that is, only
 * inside the pool's own call to Hikari; {@link #leave} consumes the interrupt it caused, so the
 * borrower's thread leaves {@code getConnection()} with its flag as it came in. One limit: an
 * interrupt that the application sends to the same thread in that same instant is consumed with
 * ours.
 *
 * <p>Thread-safe.
 */
public final class AcquireWaiters {

  private static final int WAITING = 0;
  private static final int INTERRUPTING = 1;
  private static final int INTERRUPTED = 2;
  private static final int DONE = 3;

  /** One borrower's stay in Hikari; its value is its state (one object per borrow, not two). */
  public static final class Waiter extends AtomicInteger {
    private final Thread thread = Thread.currentThread();

    Waiter() {
      super(WAITING);
    }
  }

  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

  /**
   * Registers the calling thread before it waits in Hikari.
   *
   * @return its registration, for {@link #leave}
   */
  public Waiter enter() {
    Waiter w = new Waiter();
    waiters.add(w);
    return w;
  }

  /**
   * Unregisters {@code w} once Hikari returned or threw; must be called on the waiter's own thread.
   *
   * @param w the registration from {@link #enter}
   * @return whether {@link #releaseAll} interrupted it (the interrupt is consumed)
   */
  public boolean leave(Waiter w) {
    waiters.remove(w);
    if (w.compareAndSet(WAITING, DONE)) {
      return false;
    }
    while (w.get() != INTERRUPTED) {
      Thread.onSpinWait(); // the releaser is between its CAS and interrupt(): a few instructions
    }
    Thread.interrupted(); // ours, delivered: clear it
    return true;
  }

  /**
   * Interrupts every registered waiter.
   *
   * @return how many were interrupted
   */
  public int releaseAll() {
    int n = 0;
    for (Waiter w : waiters) {
      if (w.compareAndSet(WAITING, INTERRUPTING)) {
        try {
          w.thread.interrupt();
        } finally {
          w.set(INTERRUPTED); // leave() waits for this, whatever interrupt() did
        }
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the number of registered waiters.
   *
   * @return the number of borrowers waiting in Hikari now
   */
  public int size() {
    return waiters.size();
  }
}
