package dev.detour.router;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Connects to a healthy address of a host within one total budget, remembering per-address health.
 *
 * <p>One router serves any number of hosts; health is kept per {@code host:port} and per address.
 * Share one router per configuration (see {@link RouterRegistry}) so that the pool, the listener
 * and plain JDBC connections of a service learn from each other's failures.
 *
 * <p>Thread-safe.
 */
public interface Router extends AutoCloseable {

  /**
   * Returns a socket already connected to a healthy address of {@code host}.
   *
   * <p>The socket is guarded by a watchdog that closes it when the connect budget runs out, unless
   * the caller calls {@link RoutedSocket#markReady()} once its handshake (TLS, startup, auth) is
   * done.
   *
   * @param host the host name
   * @param port the port
   * @return a socket already connected to a healthy address of {@code host}
   * @throws NoHealthyAddressException if every address is known bad (within 1 ms), or if no address
   *     answered within the budget
   * @throws java.net.UnknownHostException if the host cannot be resolved
   * @throws IllegalArgumentException if {@code host} is not a valid host name or {@code port} is
   *     not in 1..65535
   */
  default RoutedSocket connect(String host, int port) throws IOException {
    return connect(host, port, config().connectBudget());
  }

  /**
   * Like {@link #connect(String, int)}, within {@code budget} instead of the configured {@code
   * connectBudget}: the race's deadline and the watchdog both count from this call. A caller that
   * needs a second socket for the same physical connection (pgjdbc retrying on a new socket) passes
   * what is left of its first budget, so that all its sockets share one budget.
   *
   * @param budget the time this connect may take, TCP and the caller's handshake; zero or negative
   *     means the budget is used up
   * @param host the host name
   * @param port the port
   * @return the connected socket
   * @throws java.net.SocketTimeoutException at once, without dialing, if {@code budget} is zero or
   *     negative
   * @throws NoHealthyAddressException if every address is known bad, or if no address answered
   *     within the budget
   * @throws java.net.UnknownHostException if the host cannot be resolved
   * @throws IllegalArgumentException if {@code host} is not a valid host name, {@code port} is not
   *     in 1..65535, or {@code budget} is null
   */
  RoutedSocket connect(String host, int port, Duration budget) throws IOException;

  /**
   * Reports that an established connection to {@code address} of {@code host:port} failed after its
   * handshake: a read that timed out (a proxy that accepted and then went silent) or an I/O error.
   * The pool and the listener call this for connections they hold, so that the address's breaker
   * learns what only a live connection can see.
   *
   * <p>A {@link java.net.SocketTimeoutException} counts as a stall and opens the address's breaker
   * at once; other causes count as failures and open it after {@code failuresToOpen} in a row.
   * Report network and protocol failures only, never server answers (a wrong password, a query
   * error) or an interrupted caller; a cause that says the thread was interrupted (an {@link
   * java.io.InterruptedIOException} other than a timeout, or a socket closed by an interrupt) is
   * ignored. Unknown hosts and addresses (never routed, or no longer in DNS) are ignored. Never
   * blocks.
   *
   * @param cause what the connection saw; not null
   * @param host the host name
   * @param port the port
   * @param address the address the connection went to
   * @throws IllegalArgumentException if {@code host}, {@code address} or {@code cause} is null
   */
  void reportFailure(String host, int port, InetSocketAddress address, Throwable cause);

  /**
   * Asks the router to check {@code address} of {@code host:port} now, because the caller suspects
   * it: a connection on it has been busy for longer than expected. From inside a connection, a
   * proxy that accepted and then went silent looks exactly like a long query, and the router learns
   * nothing from it until a socket timeout fires; the pool calls this for connections borrowed
   * longer than {@code detour.pool.stalledBorrowAbort}.
   *
   * <p>The check is one background probe with an SSLRequest (a handshake-level check, whatever the
   * {@code probe} mode), bounded by {@code probeTimeout}, beside the same probe of up to three
   * other closed, handshake-proven addresses of the host (the references). If it times out or is
   * refused while a reference answered, the address's breaker opens at once, as for a failure
   * reported after TCP: listeners hear {@link RouterEventListener#breakerTransition}, new connects
   * avoid the address, and only a handshake-level probe re-admits it. Any other failure counts
   * towards {@code failuresToOpen}. If no reference answered either, nothing is charged: the client
   * or the server is overloaded, not the address (a one-address host has no reference, and its
   * result stands). A probe that passes changes nothing. Every suspect probe's result is raised as
   * {@link RouterEventListener#probeResult}.
   *
   * <p>No probe starts (and this returns false) when {@code probe} is {@code off}, the host or
   * address is unknown (never routed, or no longer in DNS), the address's breaker is not closed
   * (the router already treats it as suspect), or a check of it is still running; callers need not
   * rate-limit against the running check. Never blocks.
   *
   * @param host the host name
   * @param port the port
   * @param address the address the suspect connection went to
   * @param why what made the caller suspect it, for logs and the breaker's reason (never a secret)
   *     <p>The default implementation, for routers that keep no health, checks nothing.
   * @return whether a probe started
   * @throws IllegalArgumentException if {@code host}, {@code address} or {@code why} is null
   */
  default boolean suspect(String host, int port, InetSocketAddress address, String why) {
    return false;
  }

  /**
   * Forgets what the router learned about {@code host:port} and starts it afresh: the operator's
   * remedy for a host whose breakers are open after the cause was fixed.
   *
   * <ol>
   *   <li>Reads the host's addresses from the resolver (its current answer: the resolver keeps it
   *       fresh in the background; there is no forced DNS flush).
   *   <li>Replaces the host's per-address state with fresh, closed breakers, so that the next
   *       connect tries every address at once instead of waiting for a probe; pending probes of the
   *       old state are cancelled.
   *   <li>Raises {@link RouterEventListener#addressesRemoved} for addresses that DNS no longer
   *       lists.
   * </ol>
   *
   * <p>Blocks for at most the resolver's lookup bound when the resolver's cache is cold.
   *
   * @param host the host name
   * @param port the port
   * @return the host's health before the reset (empty if it was never routed); the health after it
   *     is {@link #health(String, int)}
   * @throws java.net.UnknownHostException if the host cannot be resolved; nothing was reset then
   * @throws IllegalArgumentException if {@code host} is not a valid host name or {@code port} is
   *     not in 1..65535
   */
  List<AddressHealth> reset(String host, int port) throws IOException;

  /**
   * Returns the health of every address known for {@code host:port} (empty if never routed).
   *
   * @param host the host name
   * @param port the port
   * @return the health of every address known for {@code host:port} (empty if never routed)
   */
  List<AddressHealth> health(String host, int port);

  /**
   * Adds a listener of this router's events, for example a pool that evicts connections to
   * addresses that left DNS ({@link RouterEventListener#addressesRemoved}) or whose breaker opened.
   *
   * @param listener the listener
   * @return a handle whose {@code close()} removes the listener
   */
  AutoCloseable addListener(RouterEventListener listener);

  /**
   * Returns this router's configuration.
   *
   * @return this router's configuration
   */
  RouterConfig config();

  /** Stops probes and watchdogs and releases the router's threads. Idempotent. */
  @Override
  void close();

  /**
   * Returns a builder with every default from the README.
   *
   * @return a builder with every default from the README
   */
  static RouterBuilder builder() {
    return new RouterBuilder();
  }
}
