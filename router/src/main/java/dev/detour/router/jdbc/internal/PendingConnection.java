package dev.detour.router.jdbc.internal;

import dev.detour.core.Ticker;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import dev.detour.router.internal.Interrupts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One physical connection that the driver is opening, shared by the driver and the socket factory
 * pgjdbc creates for it (they meet through the connection token).
 *
 * <p>The factory {@linkplain #attach attaches} each routed socket; the driver then reports the
 * outcome: {@link #ready()} disarms the router's watchdog, {@link #failed(Throwable, boolean)}
 * reports the failure to the router (or releases the socket without blame). Thread-safe: pgjdbc may
 * run the connect on its own login-timeout thread while the driver's thread gives up.
 */
public final class PendingConnection {

  private enum State {
    OPENING,
    READY,
    FAILED
  }

  private final String token;
  private final RouterConfig config;
  private final Ticker ticker;
  private final long deadlineNanos;
  private final Set<InetSocketAddress> avoid;
  private Consumer<RoutedSocket> onFirstAttach;
  private long attachedAtNanos;
  private RoutedSocket current;
  private State state = State.OPENING;

  /** A connection whose budget ({@code connectBudget}) counts from now: the driver's call. */
  PendingConnection(String token, RouterConfig config, Ticker ticker) {
    this(token, config, ticker, Set.of());
  }

  /**
   * Like {@link #PendingConnection(String, RouterConfig, Ticker)}, with addresses the router should
   * try last (a pool spreading its connections over the addresses).
   */
  PendingConnection(
      String token, RouterConfig config, Ticker ticker, Set<InetSocketAddress> avoid) {
    this(token, config, ticker, ticker.nanoTime() + config.connectBudget().toNanos(), avoid);
  }

  /**
   * @param deadlineNanos when this connection's budget ends, on {@code ticker}: a hedge shares the
   *     deadline of the connection it stands in for, however late its task gets a worker
   * @param avoid addresses the router should try last (the one a hedge stands in for, and those the
   *     caller asked to be tried last)
   */
  PendingConnection(
      String token,
      RouterConfig config,
      Ticker ticker,
      long deadlineNanos,
      Set<InetSocketAddress> avoid) {
    this.token = token;
    this.config = config;
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
    this.avoid = Set.copyOf(avoid);
  }

  /** Returns when this connection's budget ends, on the ticker it was created with. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Returns the addresses the router should try last for this connection. */
  public Set<InetSocketAddress> avoid() {
    return avoid;
  }

  /**
   * Sets what runs (on pgjdbc's thread, without this lock) when the first routed socket is
   * attached: the handshake hedge arms its timer there.
   */
  public synchronized void onFirstAttach(Consumer<RoutedSocket> listener) {
    onFirstAttach = listener;
  }

  /**
   * Returns how long the current socket's handshake has run, in nanoseconds (0 if none attached).
   */
  public synchronized long handshakeNanos() {
    return current == null ? 0 : ticker.nanoTime() - attachedAtNanos;
  }

  /**
   * Returns what is left of this connection's budget. The budget counts from the driver's call (the
   * creation of the primary connection), not from the first route: building a router and pgjdbc's
   * own set-up are inside it too. Zero or negative when it is used up.
   */
  public Duration remainingBudget() {
    return Duration.ofNanos(deadlineNanos - ticker.nanoTime());
  }

  /**
   * Returns the budget for the next routed socket of this connection: what is left of it, so that
   * every socket of one physical connection (pgjdbc retrying on a new socket while opening, and a
   * hedge) ends at the same deadline and one connect never takes more than one budget. Zero or
   * negative when the budget is used up (the router then fails at once, without dialing).
   */
  public Duration nextRouteBudget() {
    return remainingBudget();
  }

  /** Returns the token that names this connection in the connection properties. */
  public String token() {
    return token;
  }

  /** Returns the router configuration the driver validated for this connection. */
  public RouterConfig config() {
    return config;
  }

  /** Returns {@code true} until the driver reported success or failure. */
  public synchronized boolean isOpening() {
    return state == State.OPENING;
  }

  /** Returns the socket routed last, if any. */
  public synchronized Optional<RoutedSocket> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Records {@code routed} as this connection's socket. A socket attached earlier (pgjdbc retries
   * on a new socket, for example when {@code sslmode=prefer} falls back to plain text after a read
   * timeout) is closed without blame and without counting as a handshake success: its address may
   * be the one that stalled.
   *
   * @throws IOException if the driver already gave up on this connection; {@code routed} is then
   *     closed
   */
  public void attach(RoutedSocket routed) throws IOException {
    Consumer<RoutedSocket> first;
    synchronized (this) {
      if (state != State.OPENING) {
        routed.close(); // no fault of its address, and no proof of its handshake either
        throw new IOException(
            "connection attempt " + token + " was abandoned by the driver (state " + state + ")");
      }
      first = current == null ? onFirstAttach : null;
      if (current != null) {
        current.close(); // released without blame; not a handshake proof of its address
      }
      current = routed;
      attachedAtNanos = ticker.nanoTime();
    }
    if (first != null) {
      first.accept(routed);
    }
  }

  /**
   * The connection is open: disarms the watchdog of its socket.
   *
   * @return the socket, or empty if no socket was routed (the factory was not used)
   */
  public synchronized Optional<RoutedSocket> ready() {
    if (state == State.OPENING) {
      state = State.READY;
      if (current != null) {
        current.markReady();
      }
    }
    return Optional.ofNullable(current);
  }

  /**
   * The connection failed. When {@code blame} is true, the router records the failure against the
   * address (and the socket is closed); otherwise the socket is closed without blame (as when the
   * server answered with an error such as a wrong password), which proves nothing about its
   * handshake either. An interrupted caller is never blamed on the address (see {@link
   * Interrupts#byCaller}), whatever {@code blame} says.
   */
  public synchronized void failed(Throwable cause, boolean blame) {
    blame = blame && !Interrupts.byCaller(cause);
    if (state != State.OPENING) {
      return;
    }
    state = State.FAILED;
    if (current == null) {
      return;
    }
    if (blame) {
      current.markFailed(cause);
    } else {
      current.close(); // no fault of the address; not a handshake proof either
    }
  }

  @Override
  public synchronized String toString() {
    return "PendingConnection{"
        + token
        + ", "
        + state
        + (current == null ? "" : ", " + current.address())
        + "}";
  }
}
