package dev.detour.router.internal;

import dev.detour.core.Cancellable;
import dev.detour.core.Durations;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.RoutedSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link RoutedSocket} guarded by a watchdog: at the end of the connect budget the socket is
 * closed (which unblocks any thread reading it) and a handshake stall is recorded against the
 * address, unless {@link #markReady()} disarmed it first. Thread-safe.
 */
public final class WatchedSocket implements RoutedSocket {

  private final RouterRuntime rt;
  private final Socket socket;
  private final String host;
  private final AddressState state;
  private final List<AttemptOutcome> attempts;
  private final long startNanos;
  private final long elapsedNanos;
  private final long budgetNanos;
  private final Consumer<WatchedSocket> onSettled;
  private Cancellable watchdog;
  private boolean settled;

  /**
   * @param state the chosen address's health
   * @param startNanos the connect's start
   * @param deadlineNanos when the watchdog fires
   * @param onSettled called once when the socket is ready, failed, abandoned or closed by the
   *     watchdog, after the outcome is recorded
   */
  public WatchedSocket(
      RouterRuntime rt,
      Socket socket,
      String host,
      AddressState state,
      List<AttemptOutcome> attempts,
      long startNanos,
      long deadlineNanos,
      Consumer<WatchedSocket> onSettled) {
    this.rt = rt;
    this.socket = socket;
    this.host = host;
    this.state = state;
    this.attempts = List.copyOf(attempts);
    this.startNanos = startNanos;
    this.elapsedNanos = rt.now() - startNanos;
    this.budgetNanos = deadlineNanos - startNanos;
    this.onSettled = onSettled;
  }

  /** Arms the watchdog. Called once, by the router, before handing the socket out. */
  public synchronized void arm(long deadlineNanos) {
    watchdog =
        rt.scheduler().schedule(this::expire, deadlineNanos - rt.now(), TimeUnit.NANOSECONDS);
  }

  @Override
  public Socket socket() {
    return socket;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public InetSocketAddress address() {
    return state.address();
  }

  @Override
  public List<AttemptOutcome> attempts() {
    return attempts;
  }

  @Override
  public long elapsedNanos() {
    return elapsedNanos;
  }

  @Override
  public void markReady() {
    if (!claim()) {
      return;
    }
    try {
      state.recordHandshakeSuccess(); // re-admits an address ejected for a stall, if it was
      rt.events().connectionReady(host, state.address(), rt.now() - startNanos);
    } finally {
      onSettled.accept(this); // after the outcome is recorded
    }
  }

  @Override
  public void markFailed(Throwable cause) {
    if (!claim()) {
      return;
    }
    try {
      failed(cause);
    } finally {
      onSettled.accept(this); // after the outcome is recorded
    }
  }

  private void failed(Throwable cause) {
    SocketDialer.closeQuietly(socket);
    if (Interrupts.isInterrupt(cause)) {
      return; // the caller gave up: the address is not to blame
    }
    boolean timeout = cause instanceof SocketTimeoutException;
    String detail =
        (timeout ? "handshake timed out" : "handshake failed")
            + (cause == null ? "" : " (" + cause + ")");
    state.recordFailure(
        null, timeout ? AddressState.FailureKind.STALLED : AddressState.FailureKind.FAILED, detail);
    rt.events().connectionFailed(host, state.address(), detail);
  }

  /** Closes the socket and disarms the watchdog; no fault of the address. */
  @Override
  public void close() {
    abandon();
    SocketDialer.closeQuietly(socket); // also after markReady(): the caller owns it then
  }

  /** Closes the socket without recording anything (router closing). */
  public void abandon() {
    if (claim()) {
      SocketDialer.closeQuietly(socket);
      onSettled.accept(this);
    }
  }

  private void expire() {
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
      watchdog = null;
    }
    if (socket.isClosed()) {
      // the caller closed the socket itself before the deadline: it gave up, the address did not
      onSettled.accept(this);
      return;
    }
    String detail =
        "handshake stalled: not ready within "
            + Durations.formatNanos(budgetNanos)
            + " budget (raise detour.router.connectBudget if the server is just slow)";
    rt.events().connectionFailed(host, state.address(), detail);
    state.recordFailure(null, AddressState.FailureKind.STALLED, detail);
    // closed after recording, so that a reader woken by the close already sees the ejection
    SocketDialer.closeQuietly(socket);
    onSettled.accept(this);
  }

  /** Settles this socket and disarms the watchdog; false if it was settled already. */
  private boolean claim() {
    synchronized (this) {
      if (settled) {
        return false;
      }
      settled = true;
      if (watchdog != null) {
        watchdog.cancel();
        watchdog = null;
      }
    }
    return true;
  }

  /** Returns whether the socket is ready, failed or expired. */
  public synchronized boolean isSettled() {
    return settled;
  }

  @Override
  public String toString() {
    return "RoutedSocket[" + host + " -> " + Addresses.format(state.address()) + "]";
  }
}
