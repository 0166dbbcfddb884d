package dev.detour.pool.internal;

/**
 * The pool's last errors: the last of any kind, for {@link dev.detour.pool.PoolHealth}, and the
 * last failed physical connect, for the "database unreachable" message. Thread-safe.
 */
public final class LastErrors {

  private volatile String last;
  private volatile String lastConnect;

  /** Records a borrow or in-use failure. */
  public void failed(String message) {
    last = message;
  }

  /** Records a failed physical connect (on Hikari's adder thread). */
  public void connectFailed(String message) {
    last = message;
    lastConnect = message;
  }

  /** Returns the last error's message, or null. */
  public String last() {
    return last;
  }

  /** Returns the last failed connect's message, or null. */
  public String lastConnectError() {
    return lastConnect;
  }
}
