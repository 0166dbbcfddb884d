package dev.detour.router;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of what the router knows of one address.
 *
 * @param address the address
 * @param state its breaker state
 * @param rttEwmaNanos the moving average of its TCP connect time; 0 if never connected
 * @param consecutiveFailures failures since the last success
 * @param lastFailure the last failure's cause, if any
 * @param lastFailureAt when that failure happened (wall clock), if any
 * @param nextProbeAt when the address is next tried (wall clock), if it is not closed
 */
public record AddressHealth(
    InetSocketAddress address,
    State state,
    long rttEwmaNanos,
    int consecutiveFailures,
    Optional<String> lastFailure,
    Optional<Instant> lastFailureAt,
    Optional<Instant> nextProbeAt) {

  /** Breaker states, as in Failsafe. */
  public enum State {
    /** Healthy: tried in score order. */
    CLOSED,
    /** Ejected: skipped until its open time passes (or tried last in panic mode). */
    OPEN,
    /** On probation: one trial connection decides. */
    HALF_OPEN
  }

  /** How an address failed: the kind of the failure that opened its breaker. */
  public enum FailureKind {
    /** A TCP attempt or a probe ran out of time. */
    TIMED_OUT,
    /** The peer answered with RST. */
    REFUSED,
    /** Another error, such as an unreachable network or a broken connection. */
    FAILED,
    /** A connection went silent after TCP: a stalled handshake, or a read that timed out. */
    STALLED;

    /**
     * Returns whether this failure says the address went silent ({@link #TIMED_OUT} or {@link
     * #STALLED}) rather than that it answered with a refusal or an error: the kind after which a
     * caller's own connections on that address may be hanging too.
     *
     * @return whether the address went silent
     */
    public boolean isSilence() {
      return this == TIMED_OUT || this == STALLED;
    }
  }
}
