package dev.detour.router.internal;

import dev.detour.core.Durations;
import dev.detour.router.RoutedSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
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

  /** Gives up: cancels the race, or fails the future if DNS has not answered yet. */
  void abort(String why) {
    ConnectRace r = race.get();
    if (r != null) {
      r.abort(why);
    } else {
      future.completeExceptionally(
          new UnknownHostException(host + ": DNS did not answer within the connect budget"));
    }
  }
}
