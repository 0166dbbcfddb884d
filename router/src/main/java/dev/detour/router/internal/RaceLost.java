package dev.detour.router.internal;

import dev.detour.router.AttemptOutcome;
import java.io.IOException;
import java.util.List;

/** A race that failed: every attempt's outcome and cause, in start order. */
public final class RaceLost extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient List<AttemptOutcome> attempts;
  private final transient List<IOException> causes;

  RaceLost(String message, List<AttemptOutcome> attempts, List<IOException> causes) {
    super(message);
    this.attempts = List.copyOf(attempts);
    this.causes = List.copyOf(causes);
  }

  /** Returns every attempt's outcome, in start order. */
  public List<AttemptOutcome> attempts() {
    return attempts;
  }

  /** Returns the cause of every attempt that failed, in start order. */
  public List<IOException> causes() {
    return causes;
  }
}
