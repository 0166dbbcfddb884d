package dev.detour.examples.replay;

/**
 * What a stack's listener calls: process one notified job, or catch up on the queue after a resync.
 * Implementations are thread-safe.
 */
interface JobWorker {

  /** Processes the job whose id a notification carried. */
  void onJob(long id);

  /** Sweeps every unprocessed job of the stack's queue (after missed notifications). */
  void catchUp();

  /**
   * Records that the listener's connection proved it was alive just now (a notification or a
   * heartbeat's answer arrived): a gap found later starts here, not when it was found.
   */
  void listenerAlive();

  /**
   * Records that the listener lost its connection, at most once per gap. The gap starts at the
   * connection's last proof of life ({@link #listenerAlive}), or now if there was none.
   */
  void listenerLost(String reason);

  /**
   * Records that the current or last gap began {@code ago} before now, when the listener itself
   * knows (a Detour resync carries the gap since the connection's last sign of life).
   */
  void listenerGapBegan(java.time.Duration ago);

  /** Records that the listener is listening again (a gap ends). */
  void listenerBack();
}
