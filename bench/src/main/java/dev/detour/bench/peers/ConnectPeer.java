package dev.detour.bench.peers;

import java.time.Duration;

/**
 * A client measured by the suite: one full connect (TCP, startup, auth, ready for a query, then
 * close) per call, never blocking the caller past the deadline. Implementations are used by one
 * thread at a time.
 */
public interface ConnectPeer extends AutoCloseable {

  /** The client's name as it appears in the results, with its version and settings. */
  String name();

  /**
   * Connects once to {@code target}.
   *
   * @param target the lab and the current DNS order
   * @param deadline how long the caller waits; an attempt still running then is {@link
   *     Attempt.Outcome#HUNG} and abandoned
   * @return the timed outcome, never null
   */
  Attempt attempt(LabTarget target, Duration deadline);

  /** Ends the peer's processes and threads. */
  @Override
  void close();
}
