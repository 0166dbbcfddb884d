package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.RoutedSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** A connect in progress: its future, its deadline and a way to give up. Thread-safe. */
public final class PendingConnect {

  final CompletableFuture<RoutedSocket> future;
  final long deadlineNanos;
  final long budgetNanos;
  final AtomicReference<ConnectRace> race = new AtomicReference<>();
  final String host;
  final int port;
  final CallerRuns caller; // null for an asynchronous connect

  PendingConnect(
      CompletableFuture<RoutedSocket> future,
      long deadlineNanos,
      long budgetNanos,
      String host,
      int port,
      CallerRuns caller) {
    this.caller = caller;
    this.future = future;
    this.deadlineNanos = deadlineNanos;
    this.budgetNanos = budgetNanos;
    this.host = host;
    this.port = port;
  }

  /** Returns the future of the socket; it fails with the connect's exception. */
  public CompletableFuture<RoutedSocket> future() {
    return future;
  }

  /**
   * Returns the failure of a connect whose budget ran out before a socket was handed over (the race
   * may have had a winner that its thread had not delivered yet).
   */
  SocketTimeoutException budgetRanOut() {
    return new SocketTimeoutException(
        host
            + ":"
            + port
            + ": budget ran out: no connected socket handed over within "
            + Durations.formatNanos(budgetNanos)
            + " budget");
  }

  /**
   * Returns the failure of a connect whose budget ran out while the host name was being resolved:
   * nothing was dialed, so no address is to blame and it is not a fast-fail.
   *
   * @param tookNanos how long DNS took, or a negative value if it has not answered yet
   */
  UnknownHostException budgetRanOutDuringResolution(long tookNanos) {
    return new UnknownHostException(
        host
            + ":"
            + port
            + ": the "
            + Durations.formatNanos(budgetNanos)
            + " budget ran out during DNS resolution ("
            + (tookNanos < 0
                ? "no answer yet"
                : "the answer came after " + Durations.formatNanos(tookNanos))
            + ")");
  }

  /**
   * How long {@link #await} waits at a time before it reads the ticker again: 100 ms. A connect
   * that completes sooner (nearly all do) costs no extra wake-up; a long wait costs one per 100 ms.
   */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How long {@link #await} waits past the deadline for the race to report, at most. */
  private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /**
   * Waits for the socket until the deadline (plus a short grace for a winner being handed over),
   * then gives up: the race is aborted and the connect fails with the budget.
   *
   * @throws InterruptedIOException if the thread is interrupted (the race is aborted)
   * @throws IOException the connect's failure
   */
  RoutedSocket await(RouterRuntime rt) throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      // interrupted while this thread ran its own first attempt: give up as if it had waited
      abort("interrupted");
      if (!future.completeExceptionally(interrupted(null)) && !future.isCompletedExceptionally()) {
        RoutedSocket handedOver = future.join(); // it connected first: nobody will use it now
        if (handedOver instanceof WatchedSocket ws) {
          ws.abandon();
        } else {
          SocketDialer.closeQuietly(handedOver.socket());
        }
      }
      throw interrupted(null);
    }
    if (future.isDone()) {
      return doneResult(); // a fast-fail, or a first dial that this thread ran and won
    }
    try {
      try {
        return waitOnTicker(rt);
      } catch (TimeoutException e) {
        abort("budget ran out");
        // the race may have a winner whose thread has not handed it over yet: whichever of that
        // hand-over and this failure comes first decides, and the loser is cleaned up by the
        // router's delivery
        future.completeExceptionally(budgetRanOut());
        return future.getNow(null); // done above: a socket, or throws
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort("interrupted");
      throw interrupted(e);
    } catch (ExecutionException | CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Waits for the future until {@code deadline + grace} on the router's ticker. The wait is
   * re-checked against the ticker each time it runs out, so that the deadline is the ticker's, not
   * the wall's: in production they agree, and on a virtual clock the caller gives up only when the
   * test moves time past the deadline, never because the test thread was slow.
   */
  private RoutedSocket waitOnTicker(RouterRuntime rt)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      long wait = deadlineNanos - rt.now() + GRACE_NANOS;
      if (wait <= 0) {
        if (future.isDone()) {
          return future.get();
        }
        throw new TimeoutException();
      }
      try {
        return future.get(Math.min(wait, RECHECK_NANOS), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // re-read the ticker: its deadline may not have come yet (a virtual clock)
      }
    }
  }

  /**
   * Returns the socket of the completed future, or throws its failure as {@link #rethrow} does.
   * Unlike {@code get()}, it builds no {@link ExecutionException} around the failure, whose stack
   * trace would cost as much as the failure's own.
   */
  private RoutedSocket doneResult() throws IOException {
    if (!future.isCompletedExceptionally()) {
      return future.join();
    }
    Throwable failure = future.handle((socket, e) -> e).join();
    if (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause(); // as get() unwraps it
    }
    throw rethrow(failure);
  }

  private InterruptedIOException interrupted(InterruptedException cause) {
    InterruptedIOException ie = new InterruptedIOException(host + ":" + port + ": interrupted");
    ie.initCause(cause);
    return ie;
  }

  private static IOException rethrow(Throwable cause) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IOException(cause);
  }

  /** Gives up: cancels the race, or fails the future if DNS has not answered yet. */
  void abort(String why) {
    ConnectRace r = race.get();
    if (r != null) {
      r.abort(why);
    } else {
      future.completeExceptionally(budgetRanOutDuringResolution(-1));
    }
  }
}
