package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an address that a caller suspects (see {@link dev.detour.router.Router#suspect}): one
 * handshake-level probe (an SSLRequest) of an address whose breaker is closed, at most one at a
 * time per address. A probe that fails counts as a failure reported after TCP, so a timeout or a
 * refusal opens the breaker at once; a probe that passes changes nothing (its time is not a TCP
 * RTT, and one passing probe does not prove the suspect connection well).
 *
 * <p>Why an SSLRequest even in {@code tcp} probe mode: the suspicion is usually a connection that
 * went silent after its handshake, and a proxy that accepts and then stalls passes a TCP connect.
 * Thread-safe.
 */
final class SuspectProbes {

  private static final Logger LOG = LoggerFactory.getLogger(SuspectProbes.class);

  private final RouterRuntime rt;
  private final Prober prober;
  private final BooleanSupplier closed;

  /** How many other addresses a check compares with. */
  static final int REFERENCES = 3;

  private final Set<AddressState> inFlight = ConcurrentHashMap.newKeySet();

  SuspectProbes(RouterRuntime rt, Prober prober, BooleanSupplier closed) {
    this.rt = rt;
    this.prober = prober;
    this.closed = closed;
  }

  /**
   * Starts a probe of {@code state} for {@code why}, beside a reference probe of {@code reference}
   * (another closed address of the host, or null); returns whether it started (not when probes are
   * off, the router is closing, the breaker is not closed, or a probe of it is running).
   */
  boolean check(String host, AddressState state, List<AddressState> references, String why) {
    if (closed.getAsBoolean()
        || rt.config().probe() == RouterConfig.ProbeMode.OFF
        || state.isRetired()
        || state.state() != AddressHealth.State.CLOSED
        || !inFlight.add(state)) {
      return false;
    }
    long start = rt.now();
    long timeout = rt.config().probeTimeout().toNanos();
    // against a suspect that timed out, a reference counts only when it answered within half the
    // timeout; against a refusal, any answer counts (see ProbeWindow)
    ProbeWindow window = new ProbeWindow(references.size(), timeout / 2);
    try {
      for (AddressState r : references) {
        prober.probe(
            r.address(),
            timeout,
            true,
            (healthy, timedOut, detail) -> window.report(healthy, rt.now() - start));
      }
      prober.probe(
          state.address(),
          timeout,
          true,
          (healthy, timedOut, detail) -> {
            long took = rt.now() - start;
            // with no reference there is nothing to compare with: the suspect's result stands
            CompletableFuture<Boolean> referenceAnswered =
                references.isEmpty()
                    ? CompletableFuture.completedFuture(true)
                    : timedOut ? window.anyAnsweredPromptly() : window.anyAnswered();
            referenceAnswered.whenComplete(
                (refOk, e) -> {
                  inFlight.remove(state);
                  try {
                    finished(host, state, why, healthy, timedOut, detail, refOk, took);
                  } catch (RuntimeException ex) {
                    LOG.warn("{}: suspect probe result lost", state.address(), ex);
                  }
                });
          });
      return true;
    } catch (RuntimeException e) {
      inFlight.remove(state);
      LOG.debug("{}: suspect probe not started", Addresses.format(state.address()), e);
      return false;
    }
  }

  private void finished(
      String host,
      AddressState state,
      String why,
      boolean healthy,
      boolean timedOut,
      String detail,
      Boolean referenceOk,
      long tookNanos) {
    String text = "suspect probe " + detail + "; suspected: " + why;
    if (healthy) {
      LOG.debug("{}: {} in {}", Addresses.format(state.address()), text, fmt(tookNanos));
    } else if (!Boolean.TRUE.equals(referenceOk)) {
      // the references failed too (or, against a timeout, answered only late): the client or the
      // server is overloaded
      text +=
          timedOut
              ? "; not charged: no other address answered within half the timeout either"
                  + " (overloaded client or server)"
              : "; not charged: no other address answered either (overloaded client or server)";
      LOG.info(
          "{} of {}: {} after {}", Addresses.format(state.address()), host, text, fmt(tookNanos));
    } else if (state.isRetired() || state.state() != AddressHealth.State.CLOSED) {
      LOG.debug("{}: {}; not charged: no longer closed", Addresses.format(state.address()), text);
    } else {
      AddressState.FailureKind kind = HalfOpenProbes.failureKind(timedOut, detail);
      state.recordFailure(null, kind, text);
      if (!kind.opensAtOnce) { // an opening is logged by the breaker itself
        LOG.info(
            "{} of {}: {} after {}", Addresses.format(state.address()), host, text, fmt(tookNanos));
      }
    }
    rt.events().probeResult(state.address(), healthy, tookNanos, text);
  }

  /**
   * Returns the references for a check of {@code suspect}: up to {@value #REFERENCES} closed,
   * handshake-proven addresses of {@code states} other than the suspect and not being checked
   * themselves, picked at random (several suspects of one host are usually checked together, and a
   * reference that is itself silent proves nothing); empty if there is none.
   */
  List<AddressState> references(List<AddressState> states, AddressState suspect) {
    List<AddressState> idle = new ArrayList<>();
    List<AddressState> checked = new ArrayList<>();
    for (AddressState s : states) {
      if (s != suspect
          && !s.isRetired()
          && s.state() == AddressHealth.State.CLOSED
          && s.isHandshakeProven()) {
        (inFlight.contains(s) ? checked : idle).add(s);
      }
    }
    shuffle(idle);
    shuffle(checked);
    idle.addAll(checked); // suspects being checked too come last, but are never left out: an
    // empty list means "no other address to compare with", and the suspect's result would stand
    return idle.size() > REFERENCES ? List.copyOf(idle.subList(0, REFERENCES)) : idle;
  }

  private void shuffle(List<AddressState> list) {
    for (int i = list.size() - 1; i > 0; i--) { // Fisher-Yates on the router's jitter source
      Collections.swap(list, i, (int) (rt.nextDouble() * (i + 1)));
    }
  }

  private static String fmt(long nanos) {
    return Durations.formatNanos(nanos);
  }
}
