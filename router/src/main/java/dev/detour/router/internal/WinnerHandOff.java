package dev.detour.router.internal;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Hands a race's winning socket to its connect, armed with the handshake watchdog ({@link
 * WatchedSocket}), or closes it if nobody can take it any more (the router closed, the caller gave
 * up, or the budget ran out). Keeps the sockets handed out whose handshake has not yet settled, so
 * that closing the router abandons them.
 *
 * <p>Thread-safe.
 */
final class WinnerHandOff {

  private final RouterRuntime rt;
  private final BooleanSupplier closed;
  private final Set<WatchedSocket> unsettled = ConcurrentHashMap.newKeySet();

  WinnerHandOff(RouterRuntime rt, BooleanSupplier closed) {
    this.rt = rt;
    this.closed = closed;
  }

  /**
   * Completes {@code pending} with the winner's socket, or fails it and closes the socket; {@code
   * settled} runs once the connection's outcome is known: its handshake ready or failed, the socket
   * abandoned or expired, or at once when the socket is not handed over.
   */
  void deliver(PendingConnect pending, RaceWon won, long start, Runnable settled) {
    // the winner's state may have been retired by a DNS change meanwhile: the socket is still good
    AddressState state = won.state();
    if (closed.getAsBoolean()) {
      SocketDialer.closeQuietly(won.socket());
      pending.future.completeExceptionally(
          new IOException(pending.host + ":" + pending.port + ": router closed while connecting"));
      settled.run();
      return;
    }
    if (pending.future.isDone() || pending.deadlineNanos - rt.now() <= 0) {
      // handed over too late: the caller gave up, or its watchdog would fire at once. The address
      // did connect, so nothing is held against it.
      SocketDialer.closeQuietly(won.socket());
      pending.future.completeExceptionally(pending.budgetRanOut());
      settled.run();
      return;
    }
    WatchedSocket ws =
        new WatchedSocket(
            rt,
            won.socket(),
            pending.host,
            state,
            won.attempts(),
            start,
            pending.deadlineNanos,
            settledSocket -> {
              unsettled.remove(settledSocket);
              settled.run();
            });
    unsettled.add(ws);
    try {
      ws.arm(pending.deadlineNanos);
    } catch (RuntimeException e) {
      ws.abandon();
      IOException failure =
          new IOException(
              pending.host
                  + ":"
                  + pending.port
                  + ": cannot arm the handshake watchdog (router closing?): "
                  + e,
              e);
      pending.future.completeExceptionally(failure);
      return;
    }
    if (!pending.future.complete(ws)) {
      ws.abandon(); // the caller gave up at the same moment
    }
  }

  /** Abandons every socket whose handshake has not settled (the router is closing). */
  void abandonAll() {
    for (WatchedSocket ws : List.copyOf(unsettled)) {
      ws.abandon();
    }
  }
}
