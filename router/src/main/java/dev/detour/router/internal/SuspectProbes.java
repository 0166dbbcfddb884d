package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import java.util.Set;
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
  private final Set<AddressState> inFlight = ConcurrentHashMap.newKeySet();

  SuspectProbes(RouterRuntime rt, Prober prober, BooleanSupplier closed) {
    this.rt = rt;
    this.prober = prober;
    this.closed = closed;
  }

  /**
   * Starts a probe of {@code state} for {@code why}; returns whether one started (not when probes
   * are off, the router is closing, the breaker is not closed, or a probe of it is running).
   */
  boolean check(String host, AddressState state, String why) {
    if (closed.getAsBoolean()
        || rt.config().probe() == RouterConfig.ProbeMode.OFF
        || state.isRetired()
        || state.state() != AddressHealth.State.CLOSED
        || !inFlight.add(state)) {
      return false;
    }
    long start = rt.now();
    try {
      prober.probe(
          state.address(),
          rt.config().probeTimeout().toNanos(),
          true,
          (healthy, timedOut, detail) -> {
            inFlight.remove(state);
            finished(host, state, why, healthy, timedOut, detail, rt.now() - start);
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
      long tookNanos) {
    String text = "suspect probe " + detail + "; suspected: " + why;
    if (healthy) {
      LOG.debug("{}: {} in {}", Addresses.format(state.address()), text, fmt(tookNanos));
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

  private static String fmt(long nanos) {
    return Durations.formatNanos(nanos);
  }
}
