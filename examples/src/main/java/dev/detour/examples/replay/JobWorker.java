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

  /** Records that the listener lost its connection (a gap starts), at most once per gap. */
  void listenerLost(String reason);

  /** Records that the listener is listening again (a gap ends). */
  void listenerBack();
}
