package dev.detour.router.internal;

import dev.detour.router.AttemptOutcome;
import dev.detour.router.AttemptOutcome.Result;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one {@link ConnectRace}, in start order, and what they allow: how many still
 * count against K (an attempt older than the attempt delay is stalled and does not), whether the
 * hard cap on sockets in flight ({@link RaceTiming#maxInFlight}) leaves room for another, and the
 * outcome of each as the caller sees it.
 *
 * <p>Not thread-safe: guarded by the race's lock.
 */
final class AttemptsInFlight {

  private final RouterRuntime rt;
  private final String host;
  private final long raceStartNanos;
  private final RaceTiming timing;
  private final int maxInFlight;
  private final List<RaceAttempt> attempts = new ArrayList<>();

  /**
   * @param raceStartNanos the connect's start (attempt offsets count from it)
   * @param timing the race's attempt delay and K
   * @param maxInFlight the hard cap on attempts running at once
   */
  AttemptsInFlight(
      RouterRuntime rt, String host, long raceStartNanos, RaceTiming timing, int maxInFlight) {
    this.rt = rt;
    this.host = host;
    this.raceStartNanos = raceStartNanos;
    this.timing = timing;
    this.maxInFlight = maxInFlight;
  }

  /** Adds an attempt that has just started. */
  void add(RaceAttempt a) {
    attempts.add(a);
  }

  /** Every attempt started so far, in start order (a live view). */
  List<RaceAttempt> all() {
    return attempts;
  }

  /** How many attempts have started. */
  int size() {
    return attempts.size();
  }

  /** Whether no attempt has started. */
  boolean isEmpty() {
    return attempts.isEmpty();
  }

  /**
   * Whether another attempt may start now: fewer than K count (stalled ones do not), unless {@code
   * urgent} (a promoted address skips K), and fewer than the hard cap are in flight.
   */
  boolean mayStart(boolean urgent) {
    return (urgent || countingCount() < timing.maxConcurrent()) && belowCap();
  }

  /** Whether fewer attempts than the hard cap are in flight (only an ending attempt lifts it). */
  boolean belowCap() {
    return runningCount() < maxInFlight;
  }

  /** Whether any attempt is still running (as seen by the race). */
  boolean anyRunning() {
    return runningCount() > 0;
  }

  /** Whether every attempt has ended and no detached one is still to settle. */
  boolean allSettled() {
    for (RaceAttempt a : attempts) {
      if (a.running() || a.unsettled()) {
        return false;
      }
    }
    return true;
  }

  /** Returns the time until the oldest attempt that still counts against K becomes stalled. */
  long untilNextStallNanos() {
    long now = rt.now();
    long soonest = timing.attemptDelayNanos();
    for (RaceAttempt a : attempts) {
      long stallsIn = a.startNanos + timing.attemptDelayNanos() - now;
      if (a.running() && stallsIn > 0) {
        soonest = Math.min(soonest, stallsIn);
      }
    }
    return soonest;
  }

  /**
   * Ends {@code a} as the caller sees it, and sends its event unless it is detached (its event then
   * waits for its real outcome, see {@link DetachedAttempts}).
   */
  void end(RaceAttempt a, Result r, String detail, IOException cause) {
    long now = rt.now();
    a.outcome =
        new AttemptOutcome(
            a.state.address(), r, a.startNanos - raceStartNanos, now - a.startNanos, detail);
    a.cause = cause;
    if (!a.detached) {
      rt.events().attemptEnd(host, a.outcome);
    }
  }

  /** Returns each attempt's outcome as the caller saw it, in start order. */
  List<AttemptOutcome> outcomes() {
    List<AttemptOutcome> out = new ArrayList<>(attempts.size());
    for (RaceAttempt a : attempts) {
      out.add(a.outcome);
    }
    return out;
  }

  /** Returns the failures of the attempts that failed, in start order. */
  List<IOException> causes() {
    List<IOException> causes = new ArrayList<>();
    for (RaceAttempt a : attempts) {
      if (a.cause != null) {
        causes.add(a.cause);
      }
    }
    return causes;
  }

  /** Attempts running that still count against K: started less than the attempt delay ago. */
  private int countingCount() {
    long now = rt.now();
    int n = 0;
    for (RaceAttempt a : attempts) {
      if (a.running() && now - a.startNanos < timing.attemptDelayNanos()) {
        n++;
      }
    }
    return n;
  }

  private int runningCount() {
    int n = 0;
    for (RaceAttempt a : attempts) {
      if (a.running()) {
        n++;
      }
    }
    return n;
  }
}
