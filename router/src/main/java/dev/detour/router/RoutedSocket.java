package dev.detour.router;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A socket the {@link Router} connected, with the address it chose and the log of every attempt.
 *
 * <p>Until {@link #markReady()} is called, a watchdog closes the socket when the connect budget
 * runs out, and counts a handshake stall against the address. A caller that gives up on the socket
 * before then closes it ({@link #close()}, or the socket itself): that is no fault of the address.
 * Use it with try-with-resources when the socket is not handed on. Thread-safe.
 */
public interface RoutedSocket extends AutoCloseable {

  /**
   * Returns the connected socket.
   *
   * @return the connected socket
   */
  Socket socket();

  /**
   * Returns the host name that was asked for.
   *
   * @return the host name that was asked for
   */
  String host();

  /**
   * Returns the address the socket is connected to.
   *
   * @return the address the socket is connected to
   */
  InetSocketAddress address();

  /**
   * Returns every attempt of this connect, in start order, the winner included.
   *
   * @return every attempt of this connect, in start order, the winner included
   */
  List<AttemptOutcome> attempts();

  /**
   * Returns how long the TCP phase took, in nanoseconds.
   *
   * @return how long the TCP phase took, in nanoseconds
   */
  long elapsedNanos();

  /**
   * Disarms the watchdog: the connection finished its handshake and now belongs to the caller.
   * Idempotent.
   */
  void markReady();

  /**
   * Reports that the connection failed after TCP (for example a TLS or startup stall), so that the
   * address's health records it; closes the socket and disarms the watchdog. Idempotent, and
   * ignored after {@link #markReady()}.
   *
   * <p>Report network and protocol failures only, not server answers such as a wrong password: a
   * {@link java.net.SocketTimeoutException} counts as a stall and opens the address's breaker at
   * once; other causes open it after {@code failuresToOpen} in a row. A cause that says the thread
   * was interrupted (an {@link java.io.InterruptedIOException} other than a timeout, or a socket
   * closed by an interrupt) closes the socket and records nothing: the caller gave up.
   *
   * @param cause what failed
   */
  void markFailed(Throwable cause);

  /**
   * Closes the socket and disarms the watchdog, recording nothing against the address: the caller
   * gave up on the connection, the address did not fail. Idempotent; never throws.
   */
  @Override
  default void close() {
    try {
      socket().close();
    } catch (java.io.IOException ignored) {
      // closing is best effort; the socket is unusable either way
    }
  }
}
