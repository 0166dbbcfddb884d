package dev.detour.router.internal;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells an interrupted caller from a failing address. An interrupt is the caller giving up, so it
 * is never charged to an address: not by the driver, not by {@code markFailed}, not by {@code
 * reportFailure}. Stateless.
 */
public final class Interrupts {

  private Interrupts() {}

  /**
   * Returns whether {@code failure} says that the thread was interrupted, anywhere in its cause
   * chain: an {@link InterruptedIOException} other than a {@link SocketTimeoutException} (which is
   * a real timeout), an {@link InterruptedException}, a {@link ClosedByInterruptException}, or the
   * {@code SocketException("Closed by interrupt")} of a virtual thread's socket.
   */
  public static boolean isInterrupt(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if ((t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))
          || t instanceof InterruptedException
          || t instanceof ClosedByInterruptException
          || (t instanceof SocketException && "Closed by interrupt".equals(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a failure seen on the current thread is the caller's interrupt: the failure
   * says so, or the thread's interrupt flag is set (an interrupted thread's socket may fail with a
   * plain I/O error once it is closed under it).
   */
  public static boolean byCaller(Throwable failure) {
    return Thread.currentThread().isInterrupted() || isInterrupt(failure);
  }
}
