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
 * <p>Cost on the healthy path: each borrowing thread registers once (its first borrow), and each
 * borrow then only flips its own {@link Waiter}'s state (a volatile write and a CAS): no allocation
 * and no shared map write per borrow. A registration of a thread that has ended is dropped when the
 * next new thread registers.
 *
 * <p>Thread-safe.
 */
public final class AcquireWaiters {

  private static final int IDLE = 0;
  private static final int WAITING = 1;
  private static final int INTERRUPTING = 2;
  private static final int INTERRUPTED = 3;

  /** One borrowing thread's registration; its value is its state. */
  public static final class Waiter extends AtomicInteger {
    private final Thread thread = Thread.currentThread();

    Waiter() {
      super(IDLE);
    }
  }

  /**
   * The registration of every live thread that has borrowed (and of ended ones not yet dropped).
   */
  private final Set<Waiter> registered = ConcurrentHashMap.newKeySet();

  private final ThreadLocal<Waiter> own = new ThreadLocal<>();

  /**
   * Marks the calling thread as waiting, before it waits in Hikari.
   *
   * @return its registration, for {@link #leave}
   */
  public Waiter enter() {
    Waiter w = own.get();
    if (w == null) {
      w = new Waiter();
      registered.removeIf(other -> !other.thread.isAlive());
      registered.add(w);
      own.set(w);
    }
    w.set(WAITING); // a volatile write: the gate's check that follows cannot pass it
    return w;
  }

  /**
   * Marks {@code w} as no longer waiting once Hikari returned or threw; must be called on the
   * waiter's own thread.
   *
   * @param w the registration from {@link #enter}
   * @return whether {@link #releaseAll} interrupted it (the interrupt is consumed)
   */
  public boolean leave(Waiter w) {
    if (w.compareAndSet(WAITING, IDLE)) {
      return false;
    }
    while (w.get() != INTERRUPTED) {
      Thread.onSpinWait(); // the releaser is between its CAS and interrupt(): a few instructions
    }
    Thread.interrupted(); // ours, delivered: clear it
    w.set(IDLE);
    return true;
  }

  /**
   * Interrupts every waiting borrower.
   *
   * @return how many were interrupted
   */
  public int releaseAll() {
    int n = 0;
    for (Waiter w : registered) {
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
   * Returns the number of borrowers waiting in Hikari now.
   *
   * @return the number of borrowers waiting in Hikari now
   */
  public int size() {
    int n = 0;
    for (Waiter w : registered) {
      if (w.get() != IDLE) {
        n++;
      }
    }
    return n;
  }
}
