package dev.detour.listener;

import java.net.InetSocketAddress;

/**
 * Hears what a {@link DetourListener} does, for metrics. Every method has a no-op default; {@link
 * dev.detour.listener.micrometer.MicrometerListenerMetrics} publishes them as {@code
 * detour.listener.*} meters.
 *
 * <p>Methods are called on the listener's connection thread or its dispatch threads; they must be
 * thread-safe, quick and must not block. An exception thrown here is logged at DEBUG and ignored.
 */
public interface ListenerMetrics {

  /** A metrics sink that ignores everything. */
  ListenerMetrics NONE = new ListenerMetrics() {};

  /**
   * The state changed.
   *
   * @param state the new state
   */
  default void stateChanged(ListenerState state) {}

  /**
   * A connection was opened and every channel listened on it.
   *
   * @param address its address, or null when unknown (connection supplier)
   */
  default void connected(InetSocketAddress address) {}

  /**
   * The connection was lost.
   *
   * @param cause a short lower-case cause: {@code admin_shutdown}, {@code timeout}, {@code io},
   *     {@code server}, {@code fatal}
   */
  default void disconnected(String cause) {}

  /**
   * A resync was delivered to the handlers of one channel.
   *
   * @param reason the reason
   * @param gapNanos the gap's length for {@link Resync.Reason#RECONNECTED}, else 0
   */
  default void resync(Resync.Reason reason, long gapNanos) {}

  /**
   * A heartbeat succeeded.
   *
   * @param roundTripNanos its round trip
   * @param queueUsage the server's {@code pg_notification_queue_usage()}, from 0 to 1
   */
  default void heartbeat(long roundTripNanos, double queueUsage) {}

  /**
   * A notification was read from the connection.
   *
   * @param channel its channel
   */
  default void received(String channel) {}

  /**
   * A notification reached a handler, which returned normally or threw.
   *
   * @param channel its channel
   * @param handlerNanos how long the handler ran
   * @param failed whether the handler threw
   */
  default void delivered(String channel, long handlerNanos, boolean failed) {}

  /**
   * Notifications were dropped because the dispatch queue was full.
   *
   * @param channel their channel
   * @param count how many
   */
  default void dropped(String channel, long count) {}

  /**
   * The dispatch queue's size changed.
   *
   * @param size notifications waiting for their handlers
   */
  default void queueSize(int size) {}
}
