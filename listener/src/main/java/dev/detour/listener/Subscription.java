package dev.detour.listener;

import java.util.concurrent.CompletableFuture;

/**
 * One handler's subscription to one channel, returned by {@link DetourListener#subscribe}.
 * Thread-safe.
 */
public interface Subscription extends AutoCloseable {

  /**
   * Returns the channel name, exactly as given to {@code subscribe}.
   *
   * @return the channel
   */
  String channel();

  /**
   * Returns a future that completes once the {@code LISTEN} for this channel has committed on the
   * listener's connection (at once if it already had). It completes exceptionally if the listener
   * fails or closes first, or if this subscription is closed before. It may complete on the
   * listener's connection thread: attach callbacks with the {@code ...Async} variants.
   *
   * @return the future; never null
   */
  CompletableFuture<Void> ready();

  /**
   * Returns a future that completes when this subscription ends: normally on {@link #close()} or
   * when the listener closes, exceptionally with a {@link ListenerException} when the {@link
   * OverflowPolicy#FAIL} policy closed it.
   *
   * @return the future; never null
   */
  CompletableFuture<Void> closed();

  /**
   * Stops delivery to this handler. When the last subscription of the channel closes, the listener
   * sends {@code UNLISTEN} for it. Idempotent; never blocks.
   */
  @Override
  void close();
}
