package dev.detour.router.internal;

import java.net.InetSocketAddress;

/**
 * Tests one address in the background, asynchronously: the probe seam. The real one is {@link
 * SocketProber}; unit tests script one. Thread-safe.
 */
public interface Prober {

  /**
   * Starts a probe. {@code callback} is called exactly once: later, on another thread or timer, or
   * at once (a failure) if the probe cannot start because the router is closing.
   *
   * @param timeoutNanos how long the probe may take in total
   * @param sslRequest whether the probe must pass a PostgreSQL SSLRequest after TCP (a
   *     handshake-level check), rather than a TCP connect alone
   */
  void probe(InetSocketAddress address, long timeoutNanos, boolean sslRequest, Callback callback);

  /** Stops every probe in flight (its callback may or may not run). Idempotent. */
  default void close() {}

  /** Hears a probe's result. */
  interface Callback {
    /**
     * @param healthy whether the address passed
     * @param timedOut whether it failed by running out of time
     * @param detail a short description, such as {@code "answered N"} or {@code "refused"}
     */
    void done(boolean healthy, boolean timedOut, String detail);
  }
}
