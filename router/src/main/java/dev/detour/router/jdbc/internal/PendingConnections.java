package dev.detour.router.jdbc.internal;

import dev.detour.core.Ticker;
import dev.detour.router.RouterConfig;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide table of connections the driver is opening, keyed by connection token. An entry
 * lives only while pgjdbc's {@code connect} runs. Thread-safe.
 */
public final class PendingConnections {

  private static final Map<String, PendingConnection> OPEN = new ConcurrentHashMap<>();
  private static final AtomicLong COUNTER = new AtomicLong();

  private PendingConnections() {}

  /** Registers a new pending connection under a fresh token. */
  public static PendingConnection open(RouterConfig config) {
    return open(config, Ticker.system());
  }

  /** Like {@link #open(RouterConfig)}, with the clock that times its budget (for tests). */
  public static PendingConnection open(RouterConfig config, Ticker ticker) {
    return open(config, ticker, Set.of());
  }

  /**
   * Like {@link #open(RouterConfig, Ticker)}, with addresses for the router to try after every
   * other candidate (see {@link dev.detour.router.jdbc.DetourDriver#connectRouted(String,
   * java.util.Properties, Set)}).
   */
  public static PendingConnection open(
      RouterConfig config, Ticker ticker, Set<InetSocketAddress> avoid) {
    String token = nextToken();
    PendingConnection pending = new PendingConnection(token, config, ticker, avoid);
    OPEN.put(token, pending);
    return pending;
  }

  /**
   * Registers the hedge of a pending connection: its own token, the deadline of the connection it
   * stands in for (never a budget of its own, which would restart when its task gets a worker), and
   * the address whose handshake stalls, for the router to try last.
   */
  public static PendingConnection openHedge(
      RouterConfig config, Ticker ticker, long deadlineNanos, Set<InetSocketAddress> avoid) {
    String token = nextToken();
    PendingConnection pending = new PendingConnection(token, config, ticker, deadlineNanos, avoid);
    OPEN.put(token, pending);
    return pending;
  }

  /** Returns a fresh token: {@code detour-} and a process-wide counter. */
  private static String nextToken() {
    return "detour-" + COUNTER.incrementAndGet();
  }

  /** Returns the pending connection for {@code token}, if it is still being opened. */
  public static Optional<PendingConnection> find(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(OPEN.get(token));
  }

  /** Forgets {@code pending}. Idempotent. */
  public static void close(PendingConnection pending) {
    OPEN.remove(pending.token(), pending);
  }

  /** Returns how many connections are being opened (for tests and diagnostics). */
  public static int size() {
    return OPEN.size();
  }
}
