package dev.detour.router.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference-address rule of a batch of probes started together: {@link #anyAnswered()}
 * completes with true as soon as one probe of the window (a probed address or a reference, a
 * handshake-proven address probed beside them) answers, and with false once every one has failed. A
 * probe that timed out is charged to its address only when some other address answered within the
 * same window; when none did, the client or the server was overloaded (a CPU-saturated burst), not
 * the address.
 *
 * <p>A window may also tell whether an answer came <em>promptly</em> ({@link #ProbeWindow(int,
 * long)}, {@link #anyAnsweredPromptly()}). A suspect check that timed out asks for that, with half
 * the probe timeout: a reference that needed 1.9 s of a 2 s timeout shows an overloaded machine,
 * not headroom, and the suspect that took 2 s is then no slower than the rest. A refusal or a wrong
 * answer is no symptom of overload: against those, any answer of a reference counts. Measured in
 * the pool bench's first seconds after an outage (both pools at full load on 2 cores): references
 * answered in 1.5–1.7 s, a healthy address's suspect probe timed out, and its breaker opened and
 * evicted two busy connections. Thread-safe.
 */
final class ProbeWindow {

  private final AtomicInteger left;
  private final long promptNanos;
  private final CompletableFuture<Boolean> anyAnswered = new CompletableFuture<>();
  private final CompletableFuture<Boolean> anyAnsweredPromptly = new CompletableFuture<>();

  /**
   * A window in which any answer counts.
   *
   * @param probes how many probes report to this window
   */
  ProbeWindow(int probes) {
    this(probes, Long.MAX_VALUE);
  }

  /**
   * A window that also tells whether an answer came within {@code promptNanos}.
   *
   * @param probes how many probes report to this window
   * @param promptNanos the longest an answer may take to be prompt
   */
  ProbeWindow(int probes, long promptNanos) {
    this.left = new AtomicInteger(probes);
    this.promptNanos = promptNanos;
    if (probes <= 0) {
      anyAnswered.complete(false);
      anyAnsweredPromptly.complete(false);
    }
  }

  /** Records one probe's outcome, an answer counting however long it took. */
  void report(boolean answered) {
    report(answered, 0);
  }

  /** Records one probe's outcome and how long it took. */
  void report(boolean answered, long tookNanos) {
    if (answered) {
      anyAnswered.complete(true);
      if (tookNanos <= promptNanos) {
        anyAnsweredPromptly.complete(true);
      }
    }
    if (left.decrementAndGet() == 0) { // every probe reported: what has not come will not
      anyAnswered.complete(false);
      anyAnsweredPromptly.complete(false);
    }
  }

  /** Completes with whether any probe of the window answered (see the class comment). */
  CompletableFuture<Boolean> anyAnswered() {
    return anyAnswered;
  }

  /** Completes with whether any probe of the window answered promptly (see the class comment). */
  CompletableFuture<Boolean> anyAnsweredPromptly() {
    return anyAnsweredPromptly;
  }
}
