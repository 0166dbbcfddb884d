package dev.detour.router.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens one TCP connection, asynchronously: the network seam of the router. The real one is {@link
 * SocketDialer}; unit tests script one.
 *
 * <p>{@link #dial} must return before calling the callback (the callback runs on another thread or
 * later), and the callback must be called at most once. When its threads are gone (the router is
 * closing), {@code dial} throws {@link java.util.concurrent.RejectedExecutionException} and never
 * calls back. Implementations are thread-safe.
 */
public interface Dialer {

  /**
   * Starts connecting to {@code address}.
   *
   * @param timeoutNanos how long the attempt may take; the race also enforces it with a timer
   * @param caller where the thread waiting for the connect may run the attempt itself, or null
   * @return a handle that stops the attempt (closing any socket it made)
   */
  Handle dial(InetSocketAddress address, long timeoutNanos, CallerRuns caller, Callback callback);

  /** Controls an attempt in flight. */
  interface Handle {
    /** Stops the attempt, closing any socket it made. Idempotent. */
    void cancel();

    /**
     * The attempt lost the race while in flight and runs on to its own outcome in the background:
     * if it holds the waiting caller's thread, it must release that thread and go on elsewhere
     * (reporting to the same callback). Does nothing otherwise, and by default.
     */
    default void detach() {}
  }

  /** Hears how an attempt ended. */
  interface Callback {
    /** The socket is connected; the callee owns it. */
    void connected(Socket socket);

    /** The attempt failed (including when it was cancelled). */
    void failed(IOException cause);
  }
}
