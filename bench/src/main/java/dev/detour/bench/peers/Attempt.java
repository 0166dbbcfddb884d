package dev.detour.bench.peers;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  /**
   * Waits for an attempt running on a worker until {@code deadline}: its own result, "hung" at the
   * deadline (the worker is interrupted and abandoned), or "failed" if the worker threw.
   *
   * @param running the attempt, started at {@code startNanos}
   * @param deadline the scenario's deadline
   * @param startNanos when the attempt started ({@link System#nanoTime()})
   * @return how it ended
   */
  public static Attempt await(Future<Attempt> running, Duration deadline, long startNanos) {
    try {
      return running.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return hung(deadline.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel(true);
      return failed(System.nanoTime() - startNanos, "interrupted");
    } catch (Exception e) {
      return failed(System.nanoTime() - startNanos, String.valueOf(e.getCause()));
    }
  }
}
