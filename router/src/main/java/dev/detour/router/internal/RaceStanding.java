package dev.detour.router.internal;

/**
 * How one address stands in the races it lost while its attempt was still in flight: whether it is
 * <em>slow</em> and whether it is a <em>suspect</em>.
 *
 * <ol>
 *   <li>An attempt that started before a race's winner and was still running when the winner
 *       connected is slower by at least the attempt delay. {@link #lostInFlight} counts it as a
 *       suspect and, unless the address is retired, marks the address slow for {@code maxOpenDelay}
 *       (or until its next success, {@link #clearSlow}). This does not touch the breaker: the
 *       attempt was cut short, not failed. {@link CandidateOrder} sorts a slow address after its
 *       equals, so that a black hole that always loses the race stops costing a stagger delay on
 *       every connect.
 *   <li>A suspect is an attempt that has not reported its real outcome yet; {@link #settled} counts
 *       it off when it does (or is cancelled). While any is left, {@link CandidateOrder} sorts the
 *       address after every known-good address.
 * </ol>
 *
 * <p>Not thread-safe on its own: every method must be called while holding the owning {@link
 * AddressState}'s monitor, the lock that guards its breaker (as for {@link BreakerTimer}).
 */
final class RaceStanding {

  private long slowUntilNanos; // 0: not slow
  private int suspectAttempts; // lost a race while in flight; real outcome still to come

  /**
   * Notes an attempt that lost a race while still in flight.
   *
   * @param slowUntilNanos until when (ticker nanos) the address counts as slow, or 0 to leave that
   *     unchanged (a retired address)
   */
  void lostInFlight(long slowUntilNanos) {
    if (slowUntilNanos != 0) {
      this.slowUntilNanos = slowUntilNanos;
    }
    suspectAttempts++;
  }

  /** Notes that one attempt counted by {@link #lostInFlight} has reported its real outcome. */
  void settled() {
    suspectAttempts = Math.max(0, suspectAttempts - 1);
  }

  /** Ends the slow mark: the address has just succeeded. */
  void clearSlow() {
    slowUntilNanos = 0;
  }

  /** Returns whether an attempt that lost a race in flight has not reported its outcome yet. */
  boolean isSuspect() {
    return suspectAttempts > 0;
  }

  /** Returns whether the address lost a race in flight recently, as of {@code nowNanos}. */
  boolean isSlow(long nowNanos) {
    return slowUntilNanos != 0 && nowNanos - slowUntilNanos < 0;
  }
}
