package dev.detour.router.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-task slot through which the thread that waits for a connect runs the connect's first dial
 * itself, instead of handing it to a worker and parking until the worker hands the socket back. On
 * a healthy address that saves two thread wake-ups per connect, which on a busy machine cost more
 * than the TCP handshake itself.
 *
 * <p>The waiting thread calls {@link #runOrClose()} exactly once, after starting the connect and
 * before waiting for it. A dialer {@linkplain #offer offers} its blocking work before that, and is
 * refused after it (the resolver answered late, on its own thread): it then uses its own threads.
 * Thread-safe.
 */
public final class CallerRuns {

  private static final Runnable CLOSED = () -> {};

  private final AtomicReference<Runnable> slot = new AtomicReference<>();

  /**
   * Hands {@code task} to the waiting thread.
   *
   * @return {@code false} if a task was offered already or the waiting thread has stopped taking
   *     one; the caller must then run {@code task} elsewhere
   */
  public boolean offer(Runnable task) {
    return slot.compareAndSet(null, task);
  }

  /** Runs the offered task, if any, on this thread and closes the slot. Called once. */
  public void runOrClose() {
    Runnable task = slot.getAndSet(CLOSED);
    if (task != null && task != CLOSED) {
      task.run();
    }
  }
}
