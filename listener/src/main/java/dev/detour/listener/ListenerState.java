package dev.detour.listener;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link DetourListener} is in its life: {@link Connecting} → {@link Connected} → (on a
 * loss) {@link Disconnected} → {@link Reconnecting} → {@link Connected} … and finally {@link
 * Closed}, or {@link Failed} when retrying cannot help. Values are immutable.
 */
public sealed interface ListenerState {

  /**
   * Returns {@code true} for the two states a listener never leaves: failed and closed.
   *
   * @return {@code true} for the two states a listener never leaves: failed and closed
   */
  default boolean isTerminal() {
    return this instanceof Failed || this instanceof Closed;
  }

  /** The first connection is being opened. */
  record Connecting() implements ListenerState {}

  /**
   * Connected and listening.
   *
   * @param address the server address of the connection, or null when a connection supplier opened
   *     it (its address is unknown)
   */
  record Connected(InetSocketAddress address) implements ListenerState {}

  /**
   * The connection was lost.
   *
   * @param cause what the connection saw
   */
  record Disconnected(Throwable cause) implements ListenerState {
    /**
     * Checks for null.
     *
     * @param cause what the connection saw
     */
    public Disconnected {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Waiting before the next connection attempt.
   *
   * @param attempt the number of the attempt that follows the delay, from 1
   * @param delay the backoff delay before it
   */
  record Reconnecting(int attempt, Duration delay) implements ListenerState {
    /**
     * Checks for null.
     *
     * @param attempt the number of the attempt that follows the delay
     * @param delay the backoff delay
     */
    public Reconnecting {
      Objects.requireNonNull(delay, "delay");
    }
  }

  /**
   * Failed for good: an authentication error (SQLState 28P01, 28000), an unknown database (3D000)
   * or a failed start-up self-check. The listener does not retry.
   *
   * @param cause the failure
   */
  record Failed(Throwable cause) implements ListenerState {
    /**
     * Checks for null.
     *
     * @param cause the failure
     */
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Closed by {@link DetourListener#close()}. */
  record Closed() implements ListenerState {}
}
