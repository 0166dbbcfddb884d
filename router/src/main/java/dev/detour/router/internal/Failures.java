package dev.detour.router.internal;

import dev.detour.router.AddressHealth;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.NoHealthyAddressException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the router's {@link NoHealthyAddressException}s: the first failure as the cause, the rest
 * suppressed, the text from {@link FailureText}.
 */
final class Failures {

  private Failures() {}

  /**
   * Builds the fast-fail exception: every address is open (or its trial is taken). {@code
   * budgetNanos} is this connect's budget.
   */
  static NoHealthyAddressException fastFail(
      RouterRuntime rt, String host, int port, long budgetNanos, List<AddressState> states) {
    long next = Long.MAX_VALUE;
    for (AddressState s : states) {
      long at = s.halfOpenAtNanos();
      if (at != 0) {
        next = Math.min(next, at);
      }
    }
    Instant nextProbe = next == Long.MAX_VALUE ? null : rt.wallAt(next);
    List<AddressHealth> health = new ArrayList<>();
    states.forEach(s -> health.add(s.snapshot()));
    String message =
        FailureText.fastFail(host, port, budgetNanos, states, nextProbe, rt.wallClock().getZone());
    return new NoHealthyAddressException(message, host, port, true, List.of(), health, nextProbe);
  }

  /**
   * Builds the exception of a failed race: every attempt's outcome, the first cause and the rest.
   */
  static NoHealthyAddressException raceFailure(
      RouterRuntime rt,
      String host,
      int port,
      long start,
      long budgetNanos,
      List<AddressState> candidates,
      Throwable e) {
    List<AttemptOutcome> outcomes = List.of();
    List<IOException> causes = List.of();
    String why = null;
    if (e instanceof RaceLost lost) {
      outcomes = lost.attempts();
      causes = lost.causes();
      if (!"every attempt failed".equals(lost.getMessage())) {
        why = lost.getMessage();
      }
    } else {
      why = String.valueOf(e);
    }
    List<AddressHealth> health = new ArrayList<>();
    candidates.forEach(s -> health.add(s.snapshot()));
    String message =
        FailureText.raceFailure(
            host,
            port,
            budgetNanos,
            rt.now() - start,
            outcomes,
            candidates.size() - outcomes.size(),
            why);
    NoHealthyAddressException ex =
        new NoHealthyAddressException(message, host, port, false, outcomes, health, null);
    if (!causes.isEmpty()) {
      ex.initCause(causes.get(0));
      causes.stream().skip(1).forEach(ex::addSuppressed);
    } else if (!(e instanceof RaceLost)) {
      ex.initCause(e);
    }
    return ex;
  }
}
