package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.RouterConfig;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-admits addresses without user traffic: when an address's open time passes and its breaker goes
 * half-open, takes its single trial and runs a {@link Prober} with it; the result closes or
 * re-opens the breaker. With {@code probe = off}, the trial is left to user traffic. An address
 * ejected for a failure after TCP (a handshake stall) is probed with an SSLRequest even in {@code
 * tcp} mode, since only a handshake-level success may re-admit it. Thread-safe.
 */
final class HalfOpenProbes {

  private static final Logger LOG = LoggerFactory.getLogger(HalfOpenProbes.class);

  private final RouterRuntime rt;
  private final Prober prober;
  private final BooleanSupplier closed;

  HalfOpenProbes(RouterRuntime rt, Prober prober, BooleanSupplier closed) {
    this.rt = rt;
    this.prober = prober;
    this.closed = closed;
  }

  /** Runs a background probe when an address's open time has passed. */
  void onHalfOpen(AddressState state) {
    if (closed.getAsBoolean() || rt.config().probe() == RouterConfig.ProbeMode.OFF) {
      return;
    }
    AddressState.Permit permit = state.tryAcquire(false);
    if (permit == null) {
      return; // user traffic took the trial; if it gives the trial back unused, we run again
    }
    if (permit != AddressState.Permit.TRIAL) {
      state.release(permit);
      return;
    }
    long start = rt.now();
    // a TCP connect cannot tell a proxy that accepts and then stalls from a working one: an address
    // ejected for a failure after TCP is probed with an SSLRequest whatever the mode
    boolean sslRequest =
        rt.config().probe() == RouterConfig.ProbeMode.SSLREQUEST || state.needsHandshakeProof();
    try {
      prober.probe(
          state.address(),
          rt.config().probeTimeout().toNanos(),
          sslRequest,
          (healthy, timedOut, detail) -> {
            long took = rt.now() - start;
            if (healthy) {
              state.recordProbeSuccess(permit, sslRequest); // probe time is not a TCP RTT
            } else {
              state.recordFailure(permit, failureKind(timedOut, detail), "probe " + detail);
            }
            LOG.debug(
                "{}: probe {} in {}: {}",
                Addresses.format(state.address()),
                healthy ? "passed" : "failed",
                Durations.formatNanos(took),
                detail);
            rt.events().probeResult(state.address(), healthy, took, detail);
          });
    } catch (RuntimeException e) {
      // counted as a failed trial (re-opens with back-off) rather than released: a release would
      // hand the trial straight back to this method, and a prober that keeps throwing would spin
      state.recordFailure(permit, AddressState.FailureKind.FAILED, "probe not started (" + e + ")");
      LOG.debug("{}: probe not started", Addresses.format(state.address()), e);
    }
  }

  /**
   * How a failed probe counts: a timeout or a refusal opens at once, anything else is a failure.
   */
  static AddressState.FailureKind failureKind(boolean timedOut, String detail) {
    return timedOut
        ? AddressState.FailureKind.TIMED_OUT
        : "refused".equals(detail)
            ? AddressState.FailureKind.REFUSED
            : AddressState.FailureKind.FAILED;
  }
}
