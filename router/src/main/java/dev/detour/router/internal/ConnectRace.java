package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.router.AttemptOutcome.Result;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One Happy Eyeballs race (RFC 8305) over the ordered candidates of a host: an event-driven state
 * machine moved by scheduler timers and dial completions, so that it runs on virtual time in tests.
 *
 * <ol>
 *   <li>Start the first candidate whose breaker gives a permit. A synchronous connect offers this
 *       first dial to its own waiting thread ({@link CallerRuns}): on a healthy address the connect
 *       then involves no other thread.
 *   <li>Each time the attempt delay passes without a winner, start the next one, as long as fewer
 *       than K attempts are running ({@link RaceTiming}: from RTT history, or cold). As in RFC
 *       8305, an attempt that has run longer than the attempt delay without an answer is
 *       <em>stalled</em> and stops counting against K, so that black holes in flight do not hold a
 *       healthy candidate back; but no more than {@link RaceTiming#maxInFlight} sockets are ever in
 *       flight for one connect.
 *   <li>When another race of the same host finds an address that connects, this race starts that
 *       address at once if it has not yet ({@link #promote}): concurrent cold connects share what
 *       they learn.
 *   <li>Each attempt's timeout is {@code min(remaining, clamp(remaining / attemptsLeft, minTimeout,
 *       maxTimeout))}, enforced by a timer.
 *   <li>A failed attempt starts the next one at once (and restarts the delay).
 *   <li>The first TCP success wins. A loser that started after the winner is cancelled; one that
 *       started before it is slower, and is <em>detached</em> ({@link DetachedAttempts}): left to
 *       run to its own attempt timeout in the background, so that its real outcome reaches its
 *       breaker. A detached attempt that connects has its socket closed at once. The caller never
 *       waits for detached attempts.
 *   <li>When no attempt runs and none can start (no candidate left, or no budget left), the race
 *       fails with every outcome.
 * </ol>
 *
 * <p>A timeout of an attempt whose timeout was cut below {@code minAttemptTimeout} by the budget is
 * reported as {@link Result#TIMED_OUT} but not held against the address: the budget, not the
 * address, was short.
 *
 * <p>Thread-safe: all state is guarded by this object's lock. Listener events raised under it are
 * held ({@link RouterEvents#hold()}) and sent after it is released, and the result future is
 * completed outside it (dialing never happens while the dialer could call back synchronously, see
 * {@link Dialer}).
 */
public final class ConnectRace {

  /** The reason of a race that failed because no candidate gave a permit (nothing dialed). */
  static final String NO_CANDIDATE = "no candidate could be tried";

  /** The reason of a race that failed because the scheduler refused work (router closing). */
  static final String CLOSED = "router closed";

  private final RouterRuntime rt;
  private final Dialer dialer;
  private final String host;
  private final UnstartedCandidates candidates;
  private final boolean panic;
  private final long startNanos;
  private final long deadlineNanos;
  private final RaceTiming timing;
  private final CompletableFuture<RaceWon> result = new CompletableFuture<>();
  private CallerRuns caller; // offered to the first dial only, then null

  private final AttemptsInFlight attempts;
  private final DetachedAttempts detached;
  private Runnable completion; // set under the lock, run after releasing it
  private Cancellable staggerTimer;
  private boolean finished;

  /**
   * @param candidates in order; the race takes a permit from each when it starts it
   * @param panic whether open breakers may be tried (panic mode)
   * @param startNanos the connect's start (the budget counts from it)
   * @param deadlineNanos start plus the budget
   * @param caller where the waiting thread may run the first dial itself, or null (asynchronous)
   */
  public ConnectRace(
      RouterRuntime rt,
      Dialer dialer,
      String host,
      List<AddressState> candidates,
      boolean panic,
      long startNanos,
      long deadlineNanos,
      CallerRuns caller) {
    this.rt = rt;
    this.caller = caller;
    this.dialer = dialer;
    this.host = host;
    this.candidates = new UnstartedCandidates(candidates);
    this.panic = panic;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    this.timing = RaceTiming.of(rt.config(), this.candidates.all());
    this.attempts =
        new AttemptsInFlight(
            rt, host, startNanos, timing, RaceTiming.maxInFlight(rt.config(), timing));
    this.detached = new DetachedAttempts(rt, host, startNanos, attempts, () -> finished);
  }

  /**
   * Starts {@code found} at once, ahead of the candidates not yet started, if it is one of this
   * race's candidates that has not been started yet and the race is still running: another race of
   * the same host (or a background probe) has just found that it connects. Only the hard cap on
   * sockets in flight holds it back.
   */
  public void promote(AddressState found) {
    locked(
        () -> {
          if (finished || !candidates.moveToFront(found)) {
            return; // over, or not a candidate, or already started
          }
          startNextLocked(true);
          finishIfStuckLocked();
        });
  }

  /**
   * Starts the race; the future completes with the winner or exceptionally with {@link RaceLost}.
   */
  public CompletableFuture<RaceWon> start() {
    locked(
        () -> {
          startNextLocked(false);
          finishIfStuckLocked();
        });
    return result;
  }

  /** Stops the race (caller gave up or router closed): cancels every running attempt. */
  public void abort(String why) {
    locked(() -> abortLocked(why));
  }

  private void abortLocked(String why) {
    if (finished) {
      return;
    }
    for (RaceAttempt a : attempts.all()) {
      if (a.running()) {
        attempts.end(a, Result.CANCELLED, why, null);
        a.cancel();
        a.state.release(a.permit);
      }
    }
    failLocked(why);
  }

  /** Cancels detached attempts still running (the router is closing); idempotent. */
  public void abortDetached() {
    locked(detached::abortAll);
  }

  /**
   * Completes when the race is over and no detached attempt is still running: after this, the race
   * holds no socket and no thread.
   */
  public CompletableFuture<Void> settled() {
    return detached.settled();
  }

  /**
   * Runs {@code body} under the lock, then sends the listener events it raised and completes the
   * result future, both outside the lock.
   */
  private void locked(Runnable body) {
    rt.events().hold();
    try {
      synchronized (this) {
        body.run();
      }
    } finally {
      rt.events().release();
    }
    runCompletion();
  }

  /** Completes the future outside the lock, so that its dependents never run under it. */
  private void runCompletion() {
    Runnable c;
    synchronized (this) {
      c = completion;
      completion = null;
    }
    if (c != null) {
      c.run();
    }
  }

  // --- state machine (all under the lock) ---

  /**
   * Starts the next candidate that gives a permit, if fewer than K attempts count (stalled ones do
   * not) and fewer than the hard cap are in flight; {@code urgent} (a promoted address) skips K.
   */
  private void startNextLocked(boolean urgent) {
    while (!finished && candidates.any() && attempts.mayStart(urgent)) {
      AddressState state = candidates.take();
      AddressState.Permit permit = state.tryAcquire(panic);
      if (permit == null) {
        continue; // half-open trial taken, or opened meanwhile
      }
      long now = rt.now();
      long remaining = deadlineNanos - now;
      if (remaining <= 0) {
        state.release(permit);
        candidates.dropAll();
        return;
      }
      int left = candidates.left() + 1;
      long timeout = RaceTiming.attemptTimeout(rt.config(), remaining, left);
      RaceAttempt a =
          new RaceAttempt(state, permit, now, timeout, this::onConnected, this::onFailed);
      // the timer first: a closed scheduler refuses it, and then no attempt may be left running
      // without a timer (it would hold its permit and keep the race open forever)
      try {
        a.timer = rt.scheduler().schedule(() -> onTimeout(a), timeout, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        state.release(permit);
        abortLocked(CLOSED);
        return;
      }
      attempts.add(a);
      rt.events().attemptStart(host, state.address(), timeout);
      try {
        CallerRuns runner = caller;
        caller = null;
        a.handle = dialer.dial(state.address(), timeout, runner, a);
      } catch (RejectedExecutionException e) {
        a.handle = () -> {};
        a.timer.cancel();
        attempts.end(a, Result.CANCELLED, CLOSED, null);
        state.release(permit);
        abortLocked(CLOSED);
        return;
      } catch (RuntimeException e) {
        a.handle = () -> {};
        a.timer.cancel();
        String detail = "failed (" + e + ")";
        attempts.end(a, Result.FAILED, detail, new IOException(detail, e));
        state.recordFailure(permit, AddressState.FailureKind.FAILED, detail);
        continue;
      }
      scheduleStaggerLocked();
      return; // one at a time: the next waits for the delay or a failure
    }
    if (!finished && candidates.any() && staggerTimer == null && attempts.belowCap()) {
      // held back by K (not by the hard cap, which only an ending attempt lifts): look again when
      // the oldest attempt that still counts becomes stalled
      scheduleStaggerLocked(attempts.untilNextStallNanos());
    }
  }

  private void scheduleStaggerLocked() {
    scheduleStaggerLocked(timing.attemptDelayNanos());
  }

  private void scheduleStaggerLocked(long delayNanos) {
    stopStaggerLocked();
    if (candidates.any()) {
      try {
        staggerTimer = rt.scheduler().schedule(this::onStagger, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        candidates.dropAll(); // closing: the attempts running finish the race
      }
    }
  }

  private void stopStaggerLocked() {
    if (staggerTimer != null) {
      staggerTimer.cancel();
      staggerTimer = null;
    }
  }

  private void onStagger() {
    locked(
        () -> {
          staggerTimer = null;
          if (!finished) {
            startNextLocked(false);
            finishIfStuckLocked();
          }
        });
  }

  private void onTimeout(RaceAttempt a) {
    locked(() -> timeoutLocked(a));
  }

  private void timeoutLocked(RaceAttempt a) {
    String detail = "timed out after " + Durations.formatNanos(a.timeoutNanos);
    if (a.unsettled()) {
      detached.timedOut(a, detail);
      return;
    }
    if (!a.running()) {
      return;
    }
    a.handle.cancel();
    attempts.end(a, Result.TIMED_OUT, detail, new SocketTimeoutException(detail));
    a.chargeTimeout(rt.config().minAttemptTimeout().toNanos(), detail);
    afterFailureLocked();
  }

  private void onConnected(RaceAttempt a, Socket socket) {
    boolean owned = false;
    List<Dialer.Handle> detach = List.of();
    rt.events().hold();
    try {
      synchronized (this) {
        if (a.unsettled()) {
          // a detached loser connected after all: the address works, learn its RTT
          detached.connected(a);
        } else if (a.running() && !finished) {
          owned = true;
          a.timer.cancel();
          long rtt = rt.now() - a.startNanos;
          attempts.end(a, Result.CONNECTED, "", null);
          a.state.recordSuccess(a.permit, rtt);
          detach = detached.endLosers(a);
          stopStaggerLocked();
          finished = true;
          rt.events().raceWon(host, a.state.address(), attempts.size(), rt.now() - startNanos);
          RaceWon won = new RaceWon(socket, a.state, a.state.address(), attempts.outcomes());
          completion = () -> result.complete(won);
          detached.settleIfDone();
        }
      }
      // outside the lock, before the listeners and the winner's hand-over: a caller blocked in a
      // losing first attempt is freed first
      detach.forEach(Dialer.Handle::detach);
    } finally {
      rt.events().release();
    }
    runCompletion();
    if (owned) {
      return;
    }
    // already ended (timed out, cancelled, or the race is over): nobody owns this socket
    SocketDialer.closeQuietly(socket);
  }

  private void onFailed(RaceAttempt a, IOException cause) {
    locked(() -> failedLocked(a, cause));
  }

  private void failedLocked(RaceAttempt a, IOException cause) {
    boolean detachedFailure = a.unsettled();
    if (!a.running() && !detachedFailure) {
      return;
    }
    a.timer.cancel();
    if (cause instanceof SocketTimeoutException) {
      // the socket's own connect timeout usually fires just before the attempt's timer (which
      // carries timer slack): the same timeout, so it is handled, described and charged the same
      timeoutLocked(a);
      return;
    }
    RaceAttempt.Failure f = RaceAttempt.classify(cause);
    if (detachedFailure) {
      detached.failed(a, f);
      return;
    }
    attempts.end(a, f.result(), f.detail(), cause);
    a.charge(f);
    afterFailureLocked();
  }

  private void afterFailureLocked() {
    if (finished) {
      return;
    }
    startNextLocked(false);
    finishIfStuckLocked();
  }

  private void finishIfStuckLocked() {
    if (finished || attempts.anyRunning()) {
      return;
    }
    if (candidates.any() && deadlineNanos - rt.now() > 0) {
      return; // cannot happen after startNextLocked, kept as a guard
    }
    failLocked(null);
  }

  private void failLocked(String why) {
    finished = true;
    stopStaggerLocked();
    String message = why != null ? why : attempts.isEmpty() ? NO_CANDIDATE : "every attempt failed";
    RaceLost lost = new RaceLost(message, attempts.outcomes(), attempts.causes());
    completion = () -> result.completeExceptionally(lost);
    detached.settleIfDone();
  }
}
