package dev.detour.listener.internal;

import dev.detour.core.Ticker;
import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import java.time.Duration;

/**
 * The reconnect backoff: Failsafe's exponential delay with jitter and no attempt limit, reset once
 * a connection has stayed healthy long enough.
 *
 * <ol>
 *   <li>{@link #connected()} marks the start of a healthy connection.
 *   <li>{@link #nextDelay(Throwable)} records a failure (a lost connection or a failed connect) and
 *       returns the delay before the next attempt. If the connection before it was healthy for at
 *       least {@code resetAfter}, the sequence starts again at the initial delay.
 * </ol>
 *
 * <p>Not thread-safe: used by the listener's connection thread only.
 */
public final class Backoff {

  private final RetryPolicy<Object> policy;
  private final Duration resetAfter;
  private final Ticker ticker;
  private Execution<Object> execution;
  private long connectedAt = Long.MIN_VALUE;
  private int attempt;

  /**
   * @param initial the first delay
   * @param max the largest delay
   * @param multiplier the growth factor, at least 1
   * @param jitter the jitter factor in [0, 1): each delay is moved by up to this fraction
   * @param resetAfter how long a connection must stay healthy to reset the sequence
   * @param ticker the clock that measures health
   */
  public Backoff(
      Duration initial,
      Duration max,
      double multiplier,
      double jitter,
      Duration resetAfter,
      Ticker ticker) {
    var builder = RetryPolicy.builder().withMaxRetries(-1).handle(Throwable.class);
    if (initial.equals(max) || multiplier == 1.0) {
      builder.withDelay(initial);
    } else {
      builder.withBackoff(initial, max, multiplier);
    }
    if (jitter > 0) {
      builder.withJitter(jitter);
    }
    this.policy = builder.build();
    this.resetAfter = resetAfter;
    this.ticker = ticker;
    this.execution = Execution.of(policy);
  }

  /** Marks the start of a healthy connection. */
  public void connected() {
    connectedAt = ticker.nanoTime();
  }

  /**
   * Records a failure and returns the delay before the next attempt.
   *
   * @param failure what failed
   * @return the delay; never negative
   */
  public Duration nextDelay(Throwable failure) {
    if (connectedAt != Long.MIN_VALUE) {
      if (ticker.nanoTime() - connectedAt >= resetAfter.toNanos()) {
        execution = Execution.of(policy);
        attempt = 0;
      }
      connectedAt = Long.MIN_VALUE;
    }
    execution.recordException(failure);
    attempt++;
    Duration delay = execution.getDelay();
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  /** Returns how many failures were recorded since the last reset. */
  public int attempt() {
    return attempt;
  }
}
