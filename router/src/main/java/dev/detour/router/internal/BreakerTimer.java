package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the breaker transitions of one {@link AddressState}: times the open state, logs the
 * change and reports it to the router's events.
 *
 * <p>Failsafe's breaker reads {@code System.nanoTime()} to leave the open state on its own. To keep
 * every decision on the router's ticker, {@link AddressState} builds its breaker with an open delay
 * of 100 years, and this class arms a {@link dev.detour.core.Scheduler} timer of {@code openDelay ×
 * 2^(n-1)} (capped at {@code maxOpenDelay}, ±{@code openJitter}), where n counts the opens since
 * the last close; when it fires, {@code onElapsed} moves the breaker from OPEN to HALF_OPEN.
 *
 * <p>Not thread-safe on its own: every method except {@link #openDelayNanos} must be called while
 * holding the owning {@link AddressState}'s monitor (the lock that guards its breaker), and with
 * {@link RouterEvents#hold()} in effect, so that the transition event is sent after that lock is
 * released. {@code onElapsed} runs on a timer thread without the lock; it must take it.
 */
final class BreakerTimer {

  private static final Logger LOG = LoggerFactory.getLogger(AddressState.class);

  private final InetSocketAddress address;
  private final RouterRuntime rt;
  private final Runnable onElapsed;

  private int opens;
  private Cancellable halfOpenTimer;
  private long halfOpenAtNanos;

  /**
   * @param address the address, for logs and events
   * @param rt the router's shared runtime
   * @param onElapsed run on a timer thread, without any lock, when the open time has passed
   */
  BreakerTimer(InetSocketAddress address, RouterRuntime rt, Runnable onElapsed) {
    this.address = address;
    this.rt = rt;
    this.onElapsed = onElapsed;
  }

  /** Returns when the open time ends (ticker nanos); meaningful only while the breaker is open. */
  long halfOpenAtNanos() {
    return halfOpenAtNanos;
  }

  /**
   * Handles a breaker transition: on OPEN arms the timer, on CLOSED resets the open count and
   * cancels it; then logs and reports the transition. Caller holds the owner's monitor.
   *
   * @param kind the kind of the failure that caused it, or null if no failure did
   */
  void transition(
      AddressHealth.State from,
      AddressHealth.State to,
      String reason,
      AddressHealth.FailureKind kind) {
    switch (to) {
      case OPEN -> {
        opens++;
        long delay = openDelayNanos(opens);
        halfOpenAtNanos = rt.now() + delay;
        cancel();
        try {
          halfOpenTimer = rt.scheduler().schedule(onElapsed, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
          // the router is closing: nothing will be tried again
        }
        if (from == AddressHealth.State.CLOSED) {
          // news: a healthy address just went bad
          LOG.warn(
              "{}: breaker opened ({}); next trial in {}",
              Addresses.format(address),
              reason,
              Durations.formatNanos(delay));
        } else {
          // a failed trial of an address already known bad: not news, keep WARN for changes
          LOG.debug(
              "{}: still down ({}); next trial in {}",
              Addresses.format(address),
              reason,
              Durations.formatNanos(delay));
        }
      }
      case CLOSED -> {
        opens = 0;
        cancel();
        LOG.info("{}: breaker closed ({})", Addresses.format(address), reason);
      }
      default -> LOG.debug("{}: breaker half-open ({})", Addresses.format(address), reason);
    }
    rt.events().breakerTransition(address, from, to, reason, kind);
  }

  /** Notes that the timer has fired. Caller holds the owner's monitor. */
  void fired() {
    halfOpenTimer = null;
  }

  /** Cancels the timer, if armed. Caller holds the owner's monitor. */
  void cancel() {
    if (halfOpenTimer != null) {
      halfOpenTimer.cancel();
      halfOpenTimer = null;
    }
  }

  /**
   * Returns the open time of the n-th open in a row: base × 2^(n-1), capped, with jitter. Reads
   * only the configuration and the runtime's random source, so it needs no lock.
   */
  long openDelayNanos(int n) {
    RouterConfig c = rt.config();
    long base = c.openDelay().toNanos();
    long max = c.maxOpenDelay().toNanos();
    long delay = base;
    for (int i = 1; i < n && delay < max; i++) {
      delay = delay * 2;
    }
    delay = Math.min(delay, max);
    double jitter = c.openJitter() * (2 * rt.nextDouble() - 1);
    return Math.max(1, Math.round(delay * (1 + jitter)));
  }
}
