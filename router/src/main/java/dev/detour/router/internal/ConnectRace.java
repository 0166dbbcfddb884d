package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.AttemptOutcome.Result;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
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
 *   <li>The first TCP success wins. A loser that started after the winner is cancelled and its
 *       permit released (neither success nor failure for the breaker). A loser that had started
 *       before the winner is slower than it: it is noted as slow ({@link
 *       AddressState#recordSlowLoss()}), which sorts it after its equals, and it is <em>detached
 *       </em>: left to run to its own attempt timeout in the background, so that its real outcome
 *       (a black hole's timeout, a late success's RTT) reaches its breaker. A detached attempt that
 *       connects has its socket closed at once. The caller never waits for detached attempts.
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
  private final List<AddressState> candidates; // mutable only by promote(), under the lock
  private final boolean panic;
  private final long startNanos;
  private final long deadlineNanos;
  private final RaceTiming timing;
  private final int maxInFlight;
  private final CompletableFuture<RaceWon> result = new CompletableFuture<>();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private CallerRuns caller; // offered to the first dial only, then null

  private final List<RaceAttempt> attempts = new ArrayList<>();
  private Runnable completion; // set under the lock, run after releasing it
  private int next;
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
    this.candidates = new ArrayList<>(candidates);
    this.panic = panic;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    this.timing = RaceTiming.of(rt.config(), this.candidates);
    this.maxInFlight = RaceTiming.maxInFlight(rt.config(), timing);
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
          if (finished) {
            return;
          }
          int at = candidates.indexOf(found);
          if (at < next) {
            return; // not a candidate, or already started
          }
          candidates.remove(at);
          candidates.add(next, found);
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
    for (RaceAttempt a : attempts) {
      if (a.running()) {
        endLocked(a, Result.CANCELLED, why, null);
        cancel(a);
        a.state.release(a.permit);
      }
    }
    failLocked(why);
  }

  /** Cancels detached attempts still running (the router is closing); idempotent. */
  public void abortDetached() {
    locked(
        () -> {
          for (RaceAttempt a : attempts) {
            if (a.unsettled()) {
              a.settled = true;
              cancel(a);
              a.state.release(a.permit);
              settledLocked(a, Result.CANCELLED, CLOSED);
              a.state.suspectSettled();
            }
          }
          settleIfDoneLocked();
        });
  }

  /** Stops an attempt's timer and dial; either may be missing if it never fully started. */
  private static void cancel(RaceAttempt a) {
    if (a.timer != null) {
      a.timer.cancel();
    }
    if (a.handle != null) {
      a.handle.cancel();
    }
  }

  /**
   * Completes when the race is over and no detached attempt is still running: after this, the race
   * holds no socket and no thread.
   */
  public CompletableFuture<Void> settled() {
    return settled;
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
  private boolean runCompletion() {
    Runnable c;
    synchronized (this) {
      c = completion;
      completion = null;
    }
    if (c != null) {
      c.run();
      return true;
    }
    return false;
  }

  // --- state machine (all under the lock) ---

  /**
   * Starts the next candidate that gives a permit, if fewer than K attempts count (stalled ones do
   * not) and fewer than the hard cap are in flight; {@code urgent} (a promoted address) skips K.
   */
  private void startNextLocked(boolean urgent) {
    while (!finished
        && next < candidates.size()
        && (urgent || countingCount() < timing.maxConcurrent())
        && runningCount() < maxInFlight) {
      AddressState state = candidates.get(next++);
      AddressState.Permit permit = state.tryAcquire(panic);
      if (permit == null) {
        continue; // half-open trial taken, or opened meanwhile
      }
      long now = rt.now();
      long remaining = deadlineNanos - now;
      if (remaining <= 0) {
        state.release(permit);
        next = candidates.size();
        return;
      }
      int left = candidates.size() - next + 1;
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
        endLocked(a, Result.CANCELLED, CLOSED, null);
        state.release(permit);
        abortLocked(CLOSED);
        return;
      } catch (RuntimeException e) {
        a.handle = () -> {};
        a.timer.cancel();
        String detail = "failed (" + e + ")";
        endLocked(a, Result.FAILED, detail, new IOException(detail, e));
        state.recordFailure(permit, AddressState.FailureKind.FAILED, detail);
        continue;
      }
      scheduleStaggerLocked();
      return; // one at a time: the next waits for the delay or a failure
    }
    if (!finished
        && next < candidates.size()
        && staggerTimer == null
        && runningCount() < maxInFlight) {
      // held back by K (not by the hard cap, which only an ending attempt lifts): look again when
      // the oldest attempt that still counts becomes stalled
      scheduleStaggerLocked(untilNextStallNanos());
    }
  }

  /** Returns the time until the oldest attempt that still counts against K becomes stalled. */
  private long untilNextStallNanos() {
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

  private void scheduleStaggerLocked() {
    scheduleStaggerLocked(timing.attemptDelayNanos());
  }

  private void scheduleStaggerLocked(long delayNanos) {
    if (staggerTimer != null) {
      staggerTimer.cancel();
      staggerTimer = null;
    }
    if (next < candidates.size()) {
      try {
        staggerTimer = rt.scheduler().schedule(this::onStagger, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        next = candidates.size(); // closing: the attempts running finish the race
      }
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
      a.settled = true;
      a.handle.cancel();
      recordTimeoutLocked(a, detail);
      settledLocked(a, Result.TIMED_OUT, detail);
      a.state.suspectSettled();
      settleIfDoneLocked();
      return;
    }
    if (!a.running()) {
      return;
    }
    a.handle.cancel();
    endLocked(a, Result.TIMED_OUT, detail, new SocketTimeoutException(detail));
    recordTimeoutLocked(a, detail);
    afterFailureLocked();
  }

  private void recordTimeoutLocked(RaceAttempt a, String detail) {
    if (a.timeoutNanos < rt.config().minAttemptTimeout().toNanos()) {
      a.state.release(a.permit); // cut short by the budget, not the address's fault
    } else {
      a.state.recordFailure(a.permit, AddressState.FailureKind.TIMED_OUT, detail);
    }
  }

  private void onConnected(RaceAttempt a, Socket socket) {
    boolean owned = false;
    List<Dialer.Handle> detach = new ArrayList<>(0);
    rt.events().hold();
    try {
      synchronized (this) {
        if (a.unsettled()) {
          // a detached loser connected after all: the address works, learn its RTT
          a.settled = true;
          a.timer.cancel();
          a.state.recordSuccess(a.permit, rt.now() - a.startNanos);
          settledLocked(a, Result.LOST_RACE, "connected after another address won");
          a.state.suspectSettled();
          settleIfDoneLocked();
        } else if (a.running() && !finished) {
          owned = true;
          a.timer.cancel();
          long rtt = rt.now() - a.startNanos;
          endLocked(a, Result.CONNECTED, "", null);
          a.state.recordSuccess(a.permit, rtt);
          for (RaceAttempt other : attempts) {
            if (other.running()) {
              boolean slower = other.startNanos < a.startNanos;
              if (slower) {
                // left to finish in the background; its real outcome reaches its breaker
                other.detached = true; // first: its event waits for its real outcome
                endLocked(other, Result.CANCELLED, "slower than the winner", null);
                other.state.recordSlowLoss();
                detach.add(other.handle); // off the waiting caller's thread, if it ran there
              } else {
                other.timer.cancel();
                other.handle.cancel();
                endLocked(other, Result.CANCELLED, "another address won", null);
                other.state.release(other.permit);
              }
            }
          }
          if (staggerTimer != null) {
            staggerTimer.cancel();
            staggerTimer = null;
          }
          finished = true;
          rt.events().raceWon(host, a.state.address(), attempts.size(), rt.now() - startNanos);
          RaceWon won = new RaceWon(socket, a.state, a.state.address(), outcomesLocked());
          completion = () -> result.complete(won);
          settleIfDoneLocked();
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
      a.settled = true;
      record(a, f);
      settledLocked(a, f.result(), f.detail());
      a.state.suspectSettled();
      settleIfDoneLocked();
      return;
    }
    endLocked(a, f.result(), f.detail(), cause);
    record(a, f);
    afterFailureLocked();
  }

  /** Records a failed dial against its address, or just gives its permit back if cancelled. */
  private static void record(RaceAttempt a, RaceAttempt.Failure f) {
    if (f.kind() == null) {
      a.state.release(a.permit);
    } else {
      a.state.recordFailure(a.permit, f.kind(), f.detail());
    }
  }

  private void afterFailureLocked() {
    if (finished) {
      return;
    }
    startNextLocked(false);
    finishIfStuckLocked();
  }

  private void finishIfStuckLocked() {
    if (finished || runningCount() > 0) {
      return;
    }
    if (next < candidates.size() && deadlineNanos - rt.now() > 0) {
      return; // cannot happen after startNextLocked, kept as a guard
    }
    failLocked(null);
  }

  private void failLocked(String why) {
    finished = true;
    if (staggerTimer != null) {
      staggerTimer.cancel();
      staggerTimer = null;
    }
    List<IOException> causes = new ArrayList<>();
    for (RaceAttempt a : attempts) {
      if (a.cause != null) {
        causes.add(a.cause);
      }
    }
    String message = why != null ? why : attempts.isEmpty() ? NO_CANDIDATE : "every attempt failed";
    RaceLost lost = new RaceLost(message, outcomesLocked(), causes);
    completion = () -> result.completeExceptionally(lost);
    settleIfDoneLocked();
  }

  private void settleIfDoneLocked() {
    if (!finished || settled.isDone()) {
      return;
    }
    for (RaceAttempt a : attempts) {
      if (a.running() || a.unsettled()) {
        return;
      }
    }
    settled.complete(null);
  }

  private void endLocked(RaceAttempt a, Result r, String detail, IOException cause) {
    long now = rt.now();
    a.outcome =
        new AttemptOutcome(
            a.state.address(), r, a.startNanos - startNanos, now - a.startNanos, detail);
    a.cause = cause;
    if (!a.detached) {
      rt.events().attemptEnd(host, a.outcome);
    }
  }

  /** Sends a detached attempt's event, with its real outcome (see {@link RaceAttempt}). */
  private void settledLocked(RaceAttempt a, Result r, String detail) {
    rt.events().attemptEnd(host, a.settledOutcome(r, detail, startNanos, rt.now()));
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

  private List<AttemptOutcome> outcomesLocked() {
    List<AttemptOutcome> out = new ArrayList<>(attempts.size());
    for (RaceAttempt a : attempts) {
      out.add(a.outcome);
    }
    return out;
  }
}
