package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.AttemptOutcome.Result;
import dev.detour.router.RouterConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *       than K attempts are running. With RTT history the delay is {@code 2 × RTT average} of the
 *       first candidate, clamped to [{@code minAttemptDelay}, {@code maxAttemptDelay}] ({@code
 *       attemptDelay} if the first has none) and K is {@code maxConcurrentAttempts}. Without any
 *       history (a cold router) the delay is {@code minAttemptDelay} and K is every candidate (at
 *       least twice {@code maxConcurrentAttempts}, at most 64).
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

  /** The winning socket and every attempt. */
  public record Won(
      Socket socket,
      AddressState state,
      InetSocketAddress address,
      List<AttemptOutcome> attempts) {}

  /** The race failed: every attempt's outcome and cause, in start order. */
  public static final class Lost extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient List<AttemptOutcome> attempts;
    private final transient List<IOException> causes;

    Lost(String message, List<AttemptOutcome> attempts, List<IOException> causes) {
      super(message);
      this.attempts = List.copyOf(attempts);
      this.causes = List.copyOf(causes);
    }

    public List<AttemptOutcome> attempts() {
      return attempts;
    }

    public List<IOException> causes() {
      return causes;
    }
  }

  /** The reason of a race that failed because no candidate gave a permit (nothing dialed). */
  static final String NO_CANDIDATE = "no candidate could be tried";

  /** The reason of a race that failed because the scheduler refused work (router closing). */
  static final String CLOSED = "router closed";

  private final class Attempt implements Dialer.Callback {
    final AddressState state;
    final AddressState.Permit permit;
    final long startNanos;
    final long timeoutNanos;
    Dialer.Handle handle;
    Cancellable timer;
    AttemptOutcome outcome;
    IOException cause;
    boolean detached; // lost while in flight; runs on so that its health is learned
    boolean settled; // a detached attempt's real outcome was recorded

    boolean unsettled() {
      return detached && !settled;
    }

    Attempt(AddressState state, AddressState.Permit permit, long startNanos, long timeoutNanos) {
      this.state = state;
      this.permit = permit;
      this.startNanos = startNanos;
      this.timeoutNanos = timeoutNanos;
    }

    boolean running() {
      return outcome == null;
    }

    @Override
    public void connected(Socket socket) {
      onConnected(this, socket);
    }

    @Override
    public void failed(IOException cause) {
      onFailed(this, cause);
    }
  }

  private final RouterRuntime rt;
  private final Dialer dialer;
  private final String host;
  private final List<AddressState> candidates;
  private final boolean panic;
  private final long startNanos;
  private final long deadlineNanos;
  private final long attemptDelayNanos;
  private final int maxConcurrent;
  private final CompletableFuture<Won> result = new CompletableFuture<>();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private CallerRuns caller; // offered to the first dial only, then null

  private final List<Attempt> attempts = new ArrayList<>();
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
    this.candidates = List.copyOf(candidates);
    this.panic = panic;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    RouterConfig c = rt.config();
    boolean history = this.candidates.stream().anyMatch(s -> s.rttEwmaNanos() > 0);
    // Without history nothing says which address is good: a cold race staggers at the minimum
    // delay and lets every candidate run, so that k dead addresses ahead of a live one cost
    // k x minAttemptDelay (8 x 100 ms), not k x attemptDelay plus timeouts.
    this.maxConcurrent =
        history
            ? c.maxConcurrentAttempts()
            : Math.min(64, Math.max(2 * c.maxConcurrentAttempts(), this.candidates.size()));
    this.attemptDelayNanos =
        history ? attemptDelay(c, this.candidates) : c.minAttemptDelay().toNanos();
  }

  /** The stagger: the configured delay without history, else twice the first RTT, clamped. */
  static long attemptDelay(RouterConfig c, List<AddressState> candidates) {
    long rtt = candidates.isEmpty() ? 0 : candidates.get(0).rttEwmaNanos();
    if (rtt <= 0) {
      return c.attemptDelay().toNanos();
    }
    return clamp(2 * rtt, c.minAttemptDelay().toNanos(), c.maxAttemptDelay().toNanos());
  }

  /** The per-attempt timeout: {@code min(remaining, clamp(remaining / left, min, max))}. */
  static long attemptTimeout(RouterConfig c, long remainingNanos, int attemptsLeft) {
    long share = remainingNanos / Math.max(1, attemptsLeft);
    long clamped = clamp(share, c.minAttemptTimeout().toNanos(), c.maxAttemptTimeout().toNanos());
    return Math.min(remainingNanos, clamped);
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }

  /** Starts the race; the future completes with the winner or exceptionally with {@link Lost}. */
  public CompletableFuture<Won> start() {
    locked(
        () -> {
          startNextLocked();
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
    for (Attempt a : attempts) {
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
          for (Attempt a : attempts) {
            if (a.unsettled()) {
              a.settled = true;
              cancel(a);
              a.state.release(a.permit);
            }
          }
          settleIfDoneLocked();
        });
  }

  /** Stops an attempt's timer and dial; either may be missing if it never fully started. */
  private static void cancel(Attempt a) {
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

  /** Returns the delay between attempts this race uses. */
  public long attemptDelayNanos() {
    return attemptDelayNanos;
  }

  /** Returns how many attempts may run at once in this race. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  // --- state machine (all under the lock) ---

  private void startNextLocked() {
    while (!finished && next < candidates.size() && runningCount() < maxConcurrent) {
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
      long timeout = attemptTimeout(rt.config(), remaining, left);
      Attempt a = new Attempt(state, permit, now, timeout);
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
  }

  private void scheduleStaggerLocked() {
    if (staggerTimer != null) {
      staggerTimer.cancel();
      staggerTimer = null;
    }
    if (next < candidates.size()) {
      try {
        staggerTimer =
            rt.scheduler().schedule(this::onStagger, attemptDelayNanos, TimeUnit.NANOSECONDS);
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
            startNextLocked();
            finishIfStuckLocked();
          }
        });
  }

  private void onTimeout(Attempt a) {
    locked(() -> timeoutLocked(a));
  }

  private void timeoutLocked(Attempt a) {
    String detail = "timed out after " + Durations.formatNanos(a.timeoutNanos);
    if (a.unsettled()) {
      a.settled = true;
      a.handle.cancel();
      recordTimeoutLocked(a, detail);
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

  private void recordTimeoutLocked(Attempt a, String detail) {
    if (a.timeoutNanos < rt.config().minAttemptTimeout().toNanos()) {
      a.state.release(a.permit); // cut short by the budget, not the address's fault
    } else {
      a.state.recordFailure(a.permit, AddressState.FailureKind.TIMED_OUT, detail);
    }
  }

  private void onConnected(Attempt a, Socket socket) {
    boolean owned = false;
    rt.events().hold();
    try {
      synchronized (this) {
        if (a.unsettled()) {
          // a detached loser connected after all: the address works, learn its RTT
          a.settled = true;
          a.timer.cancel();
          a.state.recordSuccess(a.permit, rt.now() - a.startNanos);
          settleIfDoneLocked();
        } else if (a.running() && !finished) {
          owned = true;
          a.timer.cancel();
          long rtt = rt.now() - a.startNanos;
          endLocked(a, Result.CONNECTED, "", null);
          a.state.recordSuccess(a.permit, rtt);
          for (Attempt other : attempts) {
            if (other.running()) {
              boolean slower = other.startNanos < a.startNanos;
              if (slower) {
                // left to finish in the background; its real outcome reaches its breaker
                endLocked(other, Result.CANCELLED, "slower than the winner", null);
                other.detached = true;
                other.state.recordSlowLoss();
                other.handle.detach(); // off the waiting caller's thread, if it ran there
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
          Won won = new Won(socket, a.state, a.state.address(), outcomesLocked());
          completion = () -> result.complete(won);
          settleIfDoneLocked();
        }
      }
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

  private void onFailed(Attempt a, IOException cause) {
    locked(() -> failedLocked(a, cause));
  }

  private void failedLocked(Attempt a, IOException cause) {
    boolean detachedFailure = a.unsettled();
    if (!a.running() && !detachedFailure) {
      return;
    }
    a.timer.cancel();
    Result r;
    AddressState.FailureKind kind;
    if (cause instanceof SocketTimeoutException) {
      r = Result.TIMED_OUT;
      kind = AddressState.FailureKind.TIMED_OUT;
    } else if (cause instanceof ConnectException
        && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
      r = Result.REFUSED;
      kind = AddressState.FailureKind.REFUSED;
    } else {
      r = Result.FAILED;
      kind = AddressState.FailureKind.FAILED;
    }
    String detail =
        r == Result.REFUSED ? "refused" : kind.label() + " (" + cause.getMessage() + ")";
    if (detachedFailure) {
      a.settled = true;
      a.state.recordFailure(a.permit, kind, detail);
      settleIfDoneLocked();
      return;
    }
    endLocked(a, r, detail, cause);
    a.state.recordFailure(a.permit, kind, detail);
    afterFailureLocked();
  }

  private void afterFailureLocked() {
    if (finished) {
      return;
    }
    startNextLocked();
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
    for (Attempt a : attempts) {
      if (a.cause != null) {
        causes.add(a.cause);
      }
    }
    String message = why != null ? why : attempts.isEmpty() ? NO_CANDIDATE : "every attempt failed";
    Lost lost = new Lost(message, outcomesLocked(), causes);
    completion = () -> result.completeExceptionally(lost);
    settleIfDoneLocked();
  }

  private void settleIfDoneLocked() {
    if (!finished || settled.isDone()) {
      return;
    }
    for (Attempt a : attempts) {
      if (a.running() || a.unsettled()) {
        return;
      }
    }
    settled.complete(null);
  }

  private void endLocked(Attempt a, Result r, String detail, IOException cause) {
    long now = rt.now();
    a.outcome =
        new AttemptOutcome(
            a.state.address(), r, a.startNanos - startNanos, now - a.startNanos, detail);
    a.cause = cause;
    rt.events().attemptEnd(host, a.outcome);
  }

  private int runningCount() {
    int n = 0;
    for (Attempt a : attempts) {
      if (a.running()) {
        n++;
      }
    }
    return n;
  }

  private List<AttemptOutcome> outcomesLocked() {
    List<AttemptOutcome> out = new ArrayList<>(attempts.size());
    for (Attempt a : attempts) {
      out.add(a.outcome);
    }
    return out;
  }
}
