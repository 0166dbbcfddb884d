package dev.detour.router.internal;

/**
 * The TCP connect time of one address, as an exponentially weighted moving average (weight 0.3 on
 * the newest sample). Only TCP connects of user traffic feed it: a probe's time includes its
 * SSLRequest round trip and its own scheduling, so it is not a sample.
 *
 * <p>Not thread-safe on its own: every method must be called while holding the owning {@link
 * AddressState}'s monitor, the lock that guards its breaker (as for {@link BreakerTimer}).
 */
final class RttAverage {

  private static final double EWMA_WEIGHT = 0.3;

  private long nanos; // 0: never connected

  /** Learns a TCP connect time; {@code rttNanos} of 0 or less is no sample. */
  void add(long rttNanos) {
    if (rttNanos > 0) {
      nanos =
          nanos == 0 ? rttNanos : Math.max(1, Math.round(nanos + EWMA_WEIGHT * (rttNanos - nanos)));
    }
  }

  /** Returns the average in nanoseconds, 0 if never connected. */
  long nanos() {
    return nanos;
  }
}
