package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the health of addresses the router does not know yet, without user traffic, so that no
 * user connect pays for exploring them.
 *
 * <ol>
 *   <li>{@link #learn(HostEntry)} is called when DNS adds addresses to a host someone has connected
 *       to, and {@link #learnSoon} when a user connect resolves a host. Its probes start once that
 *       connect has settled (its race lost, or its connection ready or failed), so that on a
 *       healthy fleet they do not compete for the CPU and the server with the first connect's
 *       handshake (a cold JVM's first connect pays for nothing it does not need). They start
 *       earlier when the connect struggles: when its race has not won within {@code
 *       minAttemptDelay} (100 ms; black holes ahead of the good addresses, and a probe may find one
 *       for the race), and at the latest {@link #SETTLE_WAIT_NANOS} after the race started (a
 *       handshake that stalls, or a caller that never marks its socket ready), so that a black hole
 *       is known within about 2 s. Hosts nobody connects to are never probed.
 *   <li>It probes, concurrently, every address of the host that is closed, is not handshake-proven
 *       (never tried, or only TCP-connected) and has not been learned yet, with the router's {@link
 *       Prober} (TCP plus the PostgreSQL SSLRequest exchange by default, so that an address that
 *       accepts TCP and then stalls is found too) within one {@code minAttemptTimeout}.
 *   <li>At most one learning probe per address runs at a time, and an address is learned once: a
 *       success makes it known-good, a timeout or refusal opens its breaker (the half-open probes
 *       take over from there).
 *   <li>A timeout is charged only when some other address answered within the same window: a batch
 *       is probed beside up to {@value #REFERENCES} handshake-proven addresses of the host (see
 *       {@link ProbeWindow}). When nothing answered, the client or the server is saturated (a burst
 *       of connects on a loaded machine), not the address: it is not charged, and a later connect
 *       probes it again.
 *   <li>A success is shared at once with the races of the host still running ({@code onFound}).
 * </ol>
 *
 * <p>With {@code learning = false} or {@code probe = off}, nothing is learned in the background.
 * Thread-safe.
 */
final class BackgroundLearning {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundLearning.class);

  private final RouterRuntime rt;
  private final Prober prober;
  private final BooleanSupplier closed;
  private final Consumer<AddressState> onFound;
  // an address is in here from its probe's start on: in flight, then learned
  private final Set<AddressState> started = ConcurrentHashMap.newKeySet();

  /**
   * @param onFound called (on the probe's thread) with an address found to connect
   */
  BackgroundLearning(
      RouterRuntime rt, Prober prober, BooleanSupplier closed, Consumer<AddressState> onFound) {
    this.rt = rt;
    this.prober = prober;
    this.closed = closed;
    this.onFound = onFound;
  }

  /** How many handshake-proven addresses a batch of learning probes is compared with. */
  static final int REFERENCES = 3;

  /** Probes every address of {@code entry} that is not known yet (see the class comment). */
  void learn(HostEntry entry) {
    if (!wanted()) {
      return;
    }
    started.removeIf(AddressState::isRetired);
    List<AddressState> batch = new ArrayList<>();
    for (AddressState state : entry.states()) {
      if (state.isHandshakeProven()
          || state.state() != AddressHealth.State.CLOSED
          || !started.add(state)) {
        continue;
      }
      batch.add(state);
    }
    if (batch.isEmpty()) {
      return;
    }
    List<AddressState> references = references(entry.states());
    ProbeWindow window = new ProbeWindow(batch.size() + references.size());
    boolean sslRequest = rt.config().probe() == RouterConfig.ProbeMode.SSLREQUEST;
    for (AddressState r : references) {
      try {
        prober.probe(
            r.address(),
            rt.config().minAttemptTimeout().toNanos(),
            sslRequest,
            (healthy, timedOut, detail) -> window.report(healthy));
      } catch (RuntimeException e) {
        window.report(false);
      }
    }
    for (AddressState state : batch) {
      probe(state, window);
    }
  }

  /**
   * Up to {@value #REFERENCES} closed, handshake-proven addresses of the host: probed beside a
   * batch, so that a timeout is charged only when some other address answered in the same window.
   */
  private static List<AddressState> references(List<AddressState> states) {
    List<AddressState> out = new ArrayList<>();
    for (AddressState s : states) {
      if (out.size() < REFERENCES
          && !s.isRetired()
          && s.state() == AddressHealth.State.CLOSED
          && s.isHandshakeProven()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The longest wait for a connect to settle before its host's unknown addresses are probed: 500
   * ms, so that a probe started then ends (within one {@code minAttemptTimeout}, 1.5 s by default)
   * about 2 s after the connect started.
   */
  static final long SETTLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /**
   * Learns {@code entry}'s unknown addresses once the connect has settled, or its race has not won
   * within {@code minAttemptDelay}, or {@link #SETTLE_WAIT_NANOS} has passed, whichever comes first
   * (see the class comment); nothing is scheduled when every address is known or started.
   *
   * @param race the connect's race: done when it won or lost
   * @param settled done when the connect has settled: its race lost, or its connection ready or
   *     failed
   */
  void learnSoon(HostEntry entry, CompletableFuture<?> race, CompletableFuture<?> settled) {
    if (!wanted() || !hasUnlearned(entry)) {
      return;
    }
    if (settled.isDone()) {
      learn(entry);
      return;
    }
    settled.whenComplete((r, e) -> learn(entry));
    try {
      rt.scheduler()
          .schedule(
              () -> {
                if (!race.isDone()) {
                  learn(entry); // the race struggles: the probes may find it a good address
                }
              },
              rt.config().minAttemptDelay().toNanos(),
              TimeUnit.NANOSECONDS);
      rt.scheduler().schedule(() -> learn(entry), SETTLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // router closing: nothing to learn
    }
  }

  private boolean wanted() {
    return !closed.getAsBoolean()
        && rt.config().learning()
        && rt.config().probe() != RouterConfig.ProbeMode.OFF;
  }

  private boolean hasUnlearned(HostEntry entry) {
    for (AddressState state : entry.states()) {
      if (!state.isHandshakeProven()
          && !started.contains(state)
          && state.state() == AddressHealth.State.CLOSED) {
        return true;
      }
    }
    return false;
  }

  /** Returns how many addresses were probed or are being probed (for tests). */
  int startedCount() {
    return started.size();
  }

  private void probe(AddressState state, ProbeWindow window) {
    long start = rt.now();
    boolean sslRequest = rt.config().probe() == RouterConfig.ProbeMode.SSLREQUEST;
    try {
      prober.probe(
          state.address(),
          rt.config().minAttemptTimeout().toNanos(),
          sslRequest,
          (healthy, timedOut, detail) -> {
            long took = rt.now() - start;
            window.report(healthy);
            if (healthy) {
              state.recordProbeSuccess(AddressState.Permit.NORMAL, sslRequest); // not an RTT
              finished(state, true, took, detail);
              if (!closed.getAsBoolean()) {
                onFound.accept(state);
              }
            } else if (!timedOut) {
              charge(state, false, detail, took); // a refusal or a wrong answer is no load symptom
            } else {
              window
                  .anyAnswered()
                  .whenComplete(
                      (answered, e) -> {
                        if (Boolean.TRUE.equals(answered)) {
                          charge(state, true, detail, took);
                        } else {
                          started.remove(state); // not learned: a later connect tries again
                          finished(
                              state,
                              false,
                              took,
                              detail
                                  + "; not charged: no other address answered either (overloaded"
                                  + " client or server)");
                        }
                      });
            }
          });
    } catch (RuntimeException e) {
      started.remove(state); // not started: a later connect may try again
      window.report(false);
      LOG.debug("{}: learning probe not started", Addresses.format(state.address()), e);
    }
  }

  private void charge(AddressState state, boolean timedOut, String detail, long took) {
    // even if a user's TCP attempt connected meanwhile: a silent SSLRequest is a stall
    state.recordFailure(AddressState.Permit.NORMAL, kind(timedOut, detail), "probe " + detail);
    finished(state, false, took, detail);
  }

  private void finished(AddressState state, boolean healthy, long took, String detail) {
    LOG.debug(
        "{}: learning probe {} in {}: {}",
        Addresses.format(state.address()),
        healthy ? "passed" : "failed",
        Durations.formatNanos(took),
        detail);
    rt.events().probeResult(state.address(), healthy, took, detail);
  }

  private static AddressState.FailureKind kind(boolean timedOut, String detail) {
    if (timedOut) {
      return AddressState.FailureKind.TIMED_OUT;
    }
    if ("refused".equals(detail)) {
      return AddressState.FailureKind.REFUSED;
    }
    // a peer that accepts TCP but does not answer the SSLRequest properly is no PostgreSQL
    return detail != null && detail.contains("SSLRequest")
        ? AddressState.FailureKind.STALLED
        : AddressState.FailureKind.FAILED;
  }
}
