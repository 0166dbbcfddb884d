package dev.detour.router;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Hears what a {@link Router} does: each attempt, each race winner, each fast-fail, each breaker
 * transition, each probe and each DNS removal. Every method has a no-op default.
 *
 * <p>Threading: {@link #connectStart} and {@link #connectEnd} run on the thread that called {@link
 * Router#connect}; other methods may run on router threads, or on that calling thread too (a
 * blocking connect runs its first attempt itself, so that attempt's events and, if it wins, the
 * race's are raised there). Implementations must be thread-safe, quick and must not block: a slow
 * listener delays the connect that raised the event; an exception thrown by a listener is logged at
 * DEBUG and ignored. The router never calls a listener while it holds one of its own locks, so a
 * listener may read the router's state (for example {@link Router#health}) from any callback.
 */
public interface RouterEventListener {

  /**
   * A physical connect to {@code host:port} starts.
   *
   * @param host the host name
   * @param port the port
   */
  default void connectStart(String host, int port) {}

  /**
   * A physical connect ended (its TCP phase).
   *
   * @param chosen the winning address, empty if it failed
   * @param attempts every attempt, in start order
   * @param failure the failure, or {@code null} on success
   * @param elapsedNanos time since {@link #connectStart}
   * @param host the host name
   * @param port the port
   */
  default void connectEnd(
      String host,
      int port,
      Optional<InetSocketAddress> chosen,
      List<AttemptOutcome> attempts,
      Throwable failure,
      long elapsedNanos) {}

  /**
   * A TCP attempt starts, with its own timeout.
   *
   * @param host the host name
   * @param address the address
   * @param timeoutNanos the attempt's own timeout, in nanoseconds
   */
  default void attemptStart(String host, InetSocketAddress address, long timeoutNanos) {}

  /**
   * A TCP attempt ended; {@code outcome} carries its address, result and duration. Sent once per
   * attempt. An attempt detached from a race it lost (it started before the winner and is left to
   * run so that its address's health is learned) is reported when it really ends, with its real
   * result ({@code TIMED_OUT}, {@code LOST_RACE} for a late connect, ...), possibly after the
   * connect has returned; the connect's own attempt list shows it as {@code CANCELLED}.
   *
   * @param host the host name
   * @param outcome the outcome
   */
  default void attemptEnd(String host, AttemptOutcome outcome) {}

  /**
   * An attempt won the race after {@code attempts} were started.
   *
   * @param host the host name
   * @param address the address
   * @param attempts how many attempts were started
   * @param elapsedNanos the time since the connect started, in nanoseconds
   */
  default void raceWon(String host, InetSocketAddress address, int attempts, long elapsedNanos) {}

  /**
   * {@code connect()} failed at once because every address of the host is open.
   *
   * @param host the host name
   * @param port the port
   * @param exception the exception the caller gets
   */
  default void fastFail(String host, int port, NoHealthyAddressException exception) {}

  /**
   * An address's breaker moved from {@code from} to {@code to}, for {@code reason}.
   *
   * @param address the address
   * @param from the state before
   * @param to the state after
   * @param reason what caused it
   */
  default void breakerTransition(
      InetSocketAddress address, AddressHealth.State from, AddressHealth.State to, String reason) {}

  /**
   * Like {@link #breakerTransition(InetSocketAddress, AddressHealth.State, AddressHealth.State,
   * String)}, with the kind of the failure that caused it: a listener that decides by the kind
   * overrides this one, and need not read {@code reason}, which is text for people. The router
   * calls this method; by default it calls the one without the kind.
   *
   * @param address the address
   * @param from the state before
   * @param to the state after
   * @param reason what caused it
   * @param kind the kind of the failure that caused it, or null if no failure did (a success, an
   *     elapsed open time)
   */
  default void breakerTransition(
      InetSocketAddress address,
      AddressHealth.State from,
      AddressHealth.State to,
      String reason,
      AddressHealth.FailureKind kind) {
    breakerTransition(address, from, to, reason);
  }

  /**
   * A background probe of {@code address} ended.
   *
   * @param address the address
   * @param healthy whether the address answered
   * @param durationNanos how long it took, in nanoseconds
   * @param detail what the probe saw
   */
  default void probeResult(
      InetSocketAddress address, boolean healthy, long durationNanos, String detail) {}

  /**
   * The caller marked a connection ready (handshake done) {@code elapsedNanos} after start.
   *
   * @param host the host name
   * @param address the address
   * @param elapsedNanos the time since the connect started, in nanoseconds
   */
  default void connectionReady(String host, InetSocketAddress address, long elapsedNanos) {}

  /**
   * A connection failed after TCP: the caller reported it, or the watchdog closed it at the end of
   * the budget.
   *
   * @param host the host name
   * @param address the address
   * @param reason what caused it
   */
  default void connectionFailed(String host, InetSocketAddress address, String reason) {}

  /**
   * DNS no longer lists these addresses of {@code host}; their health was forgotten. A pool should
   * evict its connections to them.
   *
   * @param host the host name
   * @param port the port
   * @param removed the addresses DNS no longer lists
   */
  default void addressesRemoved(String host, int port, List<InetSocketAddress> removed) {}
}
