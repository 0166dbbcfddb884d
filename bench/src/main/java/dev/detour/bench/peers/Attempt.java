package dev.detour.bench.peers;

import java.util.Objects;

/**
 * One timed connect by one client: how long it took and how it ended.
 *
 * @param nanos the time from the start of the connect to its end, or to the deadline when it hung
 * @param outcome how it ended
 * @param detail the error text of a failure, or why it counts as hung; empty when it succeeded
 */
public record Attempt(long nanos, Outcome outcome, String detail) {

  /** How an attempt ended. */
  public enum Outcome {
    /** Connected and ready for a query. */
    OK,
    /** Failed with an error before the deadline. */
    FAILED,
    /** Neither connected nor failed by the scenario's deadline; the attempt was abandoned. */
    HUNG
  }

  /** Validates the fields. */
  public Attempt {
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    if (nanos < 0) {
      throw new IllegalArgumentException("nanos: " + nanos + " (expected: >= 0)");
    }
  }

  /** A success after {@code nanos}. */
  public static Attempt ok(long nanos) {
    return new Attempt(nanos, Outcome.OK, "");
  }

  /** A failure after {@code nanos}, with the error's text. */
  public static Attempt failed(long nanos, String detail) {
    return new Attempt(nanos, Outcome.FAILED, detail);
  }

  /** An attempt still running at the deadline of {@code deadlineNanos}. */
  public static Attempt hung(long deadlineNanos) {
    return new Attempt(deadlineNanos, Outcome.HUNG, "still connecting at the deadline");
  }
}
