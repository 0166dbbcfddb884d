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
  private final Duration budget;
  private final Set<InetSocketAddress> avoid;
  private Consumer<RoutedSocket> onFirstAttach;
  private long attachedAtNanos;
  private RoutedSocket current;
  private State state = State.OPENING;
  private long firstRouteNanos;
  private boolean routed;

  PendingConnection(String token, RouterConfig config, Ticker ticker) {
    this(token, config, ticker, config.connectBudget(), Set.of());
  }

  /**
   * @param budget the budget of this connection (less than {@code connectBudget} for a hedge)
   * @param avoid addresses the router should try last (the one a hedge stands in for)
   */
  PendingConnection(
      String token,
      RouterConfig config,
      Ticker ticker,
      Duration budget,
      Set<InetSocketAddress> avoid) {
    this.token = token;
    this.config = config;
    this.ticker = ticker;
    this.budget = budget;
    this.avoid = Set.copyOf(avoid);
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

  /** Returns what is left of this connection's budget (all of it before the first route). */
  public synchronized Duration remainingBudget() {
    return routed ? budget.minusNanos(ticker.nanoTime() - firstRouteNanos) : budget;
  }

  /**
   * Returns the budget for the next routed socket of this connection: the whole {@code
   * connectBudget} for the first, and what is left of it for a later one (pgjdbc retrying on a new
   * socket while opening), so that one physical connection never takes more than one budget. The
   * first call starts the clock. Zero or negative when the budget is used up.
   */
  public synchronized Duration nextRouteBudget() {
    long now = ticker.nanoTime();
    if (!routed) {
      routed = true;
      firstRouteNanos = now;
      return budget;
    }
    return budget.minusNanos(now - firstRouteNanos);
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
   * on a new socket, for example when {@code sslmode=prefer} falls back to plain text) is released
   * without blame: pgjdbc has already closed it, and its address did answer.
   *
   * @throws IOException if the driver already gave up on this connection; {@code routed} is then
   *     closed
   */
  public void attach(RoutedSocket routed) throws IOException {
    Consumer<RoutedSocket> first;
    synchronized (this) {
      if (state != State.OPENING) {
        routed.markReady();
        closeQuietly(routed);
        throw new IOException(
            "connection attempt " + token + " was abandoned by the driver (state " + state + ")");
      }
      first = current == null ? onFirstAttach : null;
      if (current != null) {
        current.markReady();
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
   * address (and the socket is closed); otherwise the socket is released without blame, as when the
   * server answered with an error such as a wrong password. An interrupted caller is never blamed
   * on the address (see {@link Interrupts#byCaller}), whatever {@code blame} says.
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
      current.markReady();
      closeQuietly(current);
    }
  }

  private static void closeQuietly(RoutedSocket routed) {
    try {
      routed.socket().close();
    } catch (IOException ignored) {
      // closing is best effort; the socket is unusable either way
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
