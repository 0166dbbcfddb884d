package dev.detour.router.internal;

import dev.detour.router.RouterConfig;
import java.util.List;

/**
 * The timing of one {@link ConnectRace}: how long it waits before starting the next candidate, how
 * many attempts may run at once, and each attempt's timeout.
 *
 * <p>With RTT history (some candidate has connected before) the delay is twice the first
 * candidate's RTT average, clamped to [{@code minAttemptDelay}, {@code maxAttemptDelay}] ({@code
 * attemptDelay} if the first candidate has none), and K is {@code maxConcurrentAttempts}. Without
 * history nothing says which address is good: a cold race staggers at {@code minAttemptDelay} and
 * lets every candidate run (at least twice {@code maxConcurrentAttempts}, at most 64), so that k
 * dead addresses ahead of a live one cost k × {@code minAttemptDelay} (8 × 100 ms), not k × {@code
 * attemptDelay} plus timeouts.
 *
 * @param attemptDelayNanos the stagger between attempts
 * @param maxConcurrent how many attempts may run at once
 */
record RaceTiming(long attemptDelayNanos, int maxConcurrent) {

  /** Returns the timing of a race over {@code candidates}, in order. */
  static RaceTiming of(RouterConfig c, List<AddressState> candidates) {
    boolean history = false;
    for (int i = 0; i < candidates.size() && !history; i++) {
      history = candidates.get(i).rttEwmaNanos() > 0;
    }
    if (!history) {
      return new RaceTiming(
          c.minAttemptDelay().toNanos(),
          Math.min(64, Math.max(2 * c.maxConcurrentAttempts(), candidates.size())));
    }
    return new RaceTiming(attemptDelay(c, candidates), c.maxConcurrentAttempts());
  }

  /**
   * The hard cap on sockets in flight for one connect, stalled attempts included: {@code max(K, 4 ×
   * maxConcurrentAttempts)}, at most 64 (with the default of 3: 12 with history; a cold race's K,
   * up to 64, without).
   */
  static int maxInFlight(RouterConfig c, RaceTiming timing) {
    return Math.min(64, Math.max(timing.maxConcurrent(), 4 * c.maxConcurrentAttempts()));
  }

  /** The stagger with history: twice the first candidate's RTT, clamped; the default without. */
  static long attemptDelay(RouterConfig c, List<AddressState> candidates) {
    long rtt = candidates.isEmpty() ? 0 : candidates.get(0).rttEwmaNanos();
    if (rtt <= 0) {
      return c.attemptDelay().toNanos();
    }
    return clamp(2 * rtt, c.minAttemptDelay().toNanos(), c.maxAttemptDelay().toNanos());
  }

  /** The per-attempt timeout: {@code min(remaining, clamp(remaining / left, min, max))}. */
  static long attemptTimeout(RouterConfig c, long remainingNanos, int attemptsLeft) {
    long share = remainingNanos / Math.max(1, attemptsLeft);
    long clamped = clamp(share, c.minAttemptTimeout().toNanos(), c.maxAttemptTimeout().toNanos());
    return Math.min(remainingNanos, clamped);
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }
}
