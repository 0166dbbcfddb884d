package dev.detour.router.internal;

import dev.detour.router.AttemptOutcome.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The losers of a {@link ConnectRace} that run on after it is won, so that their real outcome (a
 * black hole's timeout, a late success's RTT) reaches their breaker; and the race's {@link
 * #settled()} future, which completes once none is left.
 *
 * <ol>
 *   <li>When an attempt wins, a loser that started before it is slower: it is noted as slow ({@link
 *       AddressState#recordSlowLoss()}) and detached, and its dial is left to run to its own
 *       attempt timeout. A loser that started after the winner is cancelled and its permit released
 *       (neither success nor failure for the breaker).
 *   <li>A detached attempt settles when its dial connects (its RTT is recorded; the race closes the
 *       socket), fails (charged as any failure) or times out (charged as any timeout). Its attempt
 *       event is sent then, with its real outcome.
 *   <li>When the router closes, the detached attempts still running are cancelled.
 * </ol>
 *
 * <p>Not thread-safe: guarded by the race's lock.
 */
final class DetachedAttempts {

  private final RouterRuntime rt;
  private final String host;
  private final long raceStartNanos;
  private final AttemptsInFlight attempts;
  private final BooleanSupplier raceOver;
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  /**
   * @param raceStartNanos the connect's start (attempt offsets count from it)
   * @param attempts the race's attempts
   * @param raceOver whether the race has a winner or has failed (read under the race's lock)
   */
  DetachedAttempts(
      RouterRuntime rt,
      String host,
      long raceStartNanos,
      AttemptsInFlight attempts,
      BooleanSupplier raceOver) {
    this.rt = rt;
    this.host = host;
    this.raceStartNanos = raceStartNanos;
    this.attempts = attempts;
    this.raceOver = raceOver;
  }

  /** Completes when the race is over and no detached attempt is still running. */
  CompletableFuture<Void> settled() {
    return settled;
  }

  /**
   * Ends every attempt still running besides {@code winner}: detaches the slower ones (started
   * before it) and cancels the others. Returns the handles of the detached dials, to be {@linkplain
   * Dialer.Handle#detach() detached} outside the lock.
   */
  List<Dialer.Handle> endLosers(RaceAttempt winner) {
    List<Dialer.Handle> detach = new ArrayList<>(0);
    for (RaceAttempt other : attempts.all()) {
      if (other.running()) {
        boolean slower = other.startNanos < winner.startNanos;
        if (slower) {
          // left to finish in the background; its real outcome reaches its breaker
          other.detached = true; // first: its event waits for its real outcome
          attempts.end(other, Result.CANCELLED, "slower than the winner", null);
          other.state.recordSlowLoss();
          detach.add(other.handle); // off the waiting caller's thread, if it ran there
        } else {
          other.timer.cancel();
          other.handle.cancel();
          attempts.end(other, Result.CANCELLED, "another address won", null);
          other.state.release(other.permit);
        }
      }
    }
    return detach;
  }

  /** Settles a detached attempt that reached its attempt timeout. */
  void timedOut(RaceAttempt a, String detail) {
    a.settled = true;
    a.handle.cancel();
    a.chargeTimeout(rt.config().minAttemptTimeout().toNanos(), detail);
    settle(a, Result.TIMED_OUT, detail);
  }

  /** Settles a detached attempt that connected after another address won: the address works. */
  void connected(RaceAttempt a) {
    a.settled = true;
    a.timer.cancel();
    a.state.recordSuccess(a.permit, rt.now() - a.startNanos);
    settle(a, Result.LOST_RACE, "connected after another address won");
  }

  /** Settles a detached attempt whose dial failed. */
  void failed(RaceAttempt a, RaceAttempt.Failure f) {
    a.settled = true;
    a.charge(f);
    settle(a, f.result(), f.detail());
  }

  /** Cancels detached attempts still running (the router is closing); idempotent. */
  void abortAll() {
    for (RaceAttempt a : attempts.all()) {
      if (a.unsettled()) {
        a.settled = true;
        a.cancel();
        a.state.release(a.permit);
        sendOutcome(a, Result.CANCELLED, ConnectRace.CLOSED);
        a.state.suspectSettled();
      }
    }
    settleIfDone();
  }

  /** Completes {@link #settled()} if the race is over and no attempt is left running. */
  void settleIfDone() {
    if (!raceOver.getAsBoolean() || settled.isDone()) {
      return;
    }
    if (attempts.allSettled()) {
      settled.complete(null);
    }
  }

  private void settle(RaceAttempt a, Result r, String detail) {
    sendOutcome(a, r, detail);
    a.state.suspectSettled();
    settleIfDone();
  }

  /** Sends a detached attempt's event, with its real outcome (see {@link RaceAttempt}). */
  private void sendOutcome(RaceAttempt a, Result r, String detail) {
    rt.events().attemptEnd(host, a.settledOutcome(r, detail, raceStartNanos, rt.now()));
  }
}
