package dev.detour.listener;

/**
 * What the listener does with a notification when its dispatch queue is full (see {@code
 * DetourListenerBuilder#queueCapacity}).
 */
public enum OverflowPolicy {
  /**
   * The default: drop every queued notification of that channel and the new one, and deliver one
   * {@link Resync.Reason#OVERFLOW} resync with the number dropped. The handler re-reads its state,
   * so no work is lost.
   */
  COALESCE_AND_RESYNC,

  /** Drop the new notification and count it; nothing tells the handler. */
  DROP_NEWEST,

  /**
   * Close every subscription of that channel; their {@link Subscription#closed()} futures complete
   * exceptionally with a {@link ListenerException}.
   */
  FAIL
}
