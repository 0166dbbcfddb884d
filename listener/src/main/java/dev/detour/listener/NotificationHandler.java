package dev.detour.listener;

/**
 * Receives the notifications and resyncs of one subscription.
 *
 * <p>Calls for one channel are made one at a time, in the order the listener received them, on the
 * listener's dispatch executor, never on the connection thread. A handler may block; while it does,
 * that channel's notifications queue up (see {@link OverflowPolicy}). An exception thrown by a
 * handler is logged at WARN with the channel, counted, and otherwise ignored.
 */
@FunctionalInterface
public interface NotificationHandler {

  /**
   * Called for each notification on the subscribed channel.
   *
   * @param notification the notification
   */
  void onNotification(Notification notification);

  /**
   * Called when the handler may have missed notifications and should re-read its state (the
   * catch-up poll). It arrives once before the first notification of every new connection, and
   * after an overflow. Does nothing by default.
   *
   * @param resync why, and the gap it covers
   */
  default void onResync(Resync resync) {}
}
