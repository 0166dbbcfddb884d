package dev.detour.router.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference-address rule of a batch of probes started together: {@link #anyAnswered()}
 * completes with true as soon as one probe of the window (a probed address or a reference, a
 * handshake-proven address probed beside them) answers, and with false once every one has failed. A
 * probe that timed out is charged to its address only when some other address answered within the
 * same window; when none did, the client or the server was overloaded (a CPU-saturated burst), not
 * the address. Thread-safe.
 */
final class ProbeWindow {

  private final AtomicInteger left;
  private final CompletableFuture<Boolean> anyAnswered = new CompletableFuture<>();

  /**
   * @param probes how many probes report to this window
   */
  ProbeWindow(int probes) {
    this.left = new AtomicInteger(probes);
    if (probes <= 0) {
      anyAnswered.complete(false);
    }
  }

  /** Records one probe's outcome. */
  void report(boolean answered) {
    if (answered) {
      anyAnswered.complete(true);
    } else if (left.decrementAndGet() == 0) {
      anyAnswered.complete(false);
    }
  }

  /** Completes with whether any probe of the window answered (see the class comment). */
  CompletableFuture<Boolean> anyAnswered() {
    return anyAnswered;
  }
}
