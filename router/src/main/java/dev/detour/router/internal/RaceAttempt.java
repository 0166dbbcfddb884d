package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.AttemptOutcome.Result;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * One attempt of a {@link ConnectRace}: its address and breaker permit, its timing, its dial and
 * timer, and how it ended. Its fields are guarded by the race's lock; the dial's callbacks go to
 * the race.
 */
final class RaceAttempt implements Dialer.Callback {

  /**
   * How a failed dial counts.
   *
   * @param result the outcome reported for the attempt
   * @param kind the failure recorded against the address, null if none is
   * @param detail the text of both
   */
  record Failure(Result result, AddressState.FailureKind kind, String detail) {}

  final AddressState state;
  final AddressState.Permit permit;
  final long startNanos;
  final long timeoutNanos;
  private final BiConsumer<RaceAttempt, Socket> onConnected;
  private final BiConsumer<RaceAttempt, IOException> onFailed;
  Dialer.Handle handle;
  Cancellable timer;
  AttemptOutcome outcome;
  IOException cause;
  boolean detached; // lost while in flight; runs on so that its health is learned
  boolean settled; // a detached attempt's real outcome was recorded

  RaceAttempt(
      AddressState state,
      AddressState.Permit permit,
      long startNanos,
      long timeoutNanos,
      BiConsumer<RaceAttempt, Socket> onConnected,
      BiConsumer<RaceAttempt, IOException> onFailed) {
    this.state = state;
    this.permit = permit;
    this.startNanos = startNanos;
    this.timeoutNanos = timeoutNanos;
    this.onConnected = onConnected;
    this.onFailed = onFailed;
  }

  /** Whether the attempt has not ended yet (as seen by the race). */
  boolean running() {
    return outcome == null;
  }

  /** Whether the attempt was detached and its real outcome is still to come. */
  boolean unsettled() {
    return detached && !settled;
  }

  /**
   * Returns the real outcome of a detached attempt, timed from its start: what the attempts metric
   * records for it (the caller's log keeps {@code CANCELLED}, which is what the caller saw).
   */
  AttemptOutcome settledOutcome(Result result, String detail, long raceStartNanos, long nowNanos) {
    return new AttemptOutcome(
        state.address(), result, startNanos - raceStartNanos, nowNanos - startNanos, detail);
  }

  /** Stops the attempt's timer and dial; either may be missing if it never fully started. */
  void cancel() {
    if (timer != null) {
      timer.cancel();
    }
    if (handle != null) {
      handle.cancel();
    }
  }

  /**
   * Charges a timeout to the address, unless the budget cut the attempt's timeout below {@code
   * minAttemptTimeoutNanos}: then the budget, not the address, was short, and the permit is just
   * given back.
   */
  void chargeTimeout(long minAttemptTimeoutNanos, String detail) {
    if (timeoutNanos < minAttemptTimeoutNanos) {
      state.release(permit); // cut short by the budget, not the address's fault
    } else {
      state.recordFailure(permit, AddressState.FailureKind.TIMED_OUT, detail);
    }
  }

  /** Records a failed dial against its address, or just gives its permit back if cancelled. */
  void charge(Failure f) {
    if (f.kind() == null) {
      state.release(permit);
    } else {
      state.recordFailure(permit, f.kind(), f.detail());
    }
  }

  @Override
  public void connected(Socket socket) {
    onConnected.accept(this, socket);
  }

  @Override
  public void failed(IOException cause) {
    onFailed.accept(this, cause);
  }

  /**
   * Classifies a dial's failure: timed out, refused, failed otherwise, or cancelled (the waiting
   * caller was interrupted: a kind of null, nothing to hold against the address).
   */
  static Failure classify(IOException cause) {
    if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
      return new Failure(Result.CANCELLED, null, "cancelled (" + cause.getMessage() + ")");
    }
    if (cause instanceof SocketTimeoutException) {
      return new Failure(
          Result.TIMED_OUT,
          AddressState.FailureKind.TIMED_OUT,
          AddressState.FailureKind.TIMED_OUT.label() + " (" + cause.getMessage() + ")");
    }
    if (cause instanceof ConnectException
        && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
      return new Failure(Result.REFUSED, AddressState.FailureKind.REFUSED, "refused");
    }
    return new Failure(
        Result.FAILED,
        AddressState.FailureKind.FAILED,
        AddressState.FailureKind.FAILED.label() + " (" + cause.getMessage() + ")");
  }
}
