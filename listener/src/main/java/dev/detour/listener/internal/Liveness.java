package dev.detour.listener.internal;

import dev.detour.core.Ticker;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The heartbeat's schedule and the read timeout of every statement on one connection, so that a
 * connection that goes silent is declared lost at most {@code interval + timeout} after it last
 * proved it was alive, by construction.
 *
 * <ul>
 *   <li>A <b>proof of life</b> is bytes from the server: the connection opening, a statement's
 *       answer, notifications.
 *   <li>The <b>deadline</b> is the last proof of life + {@code interval} + {@code timeout}.
 *   <li>The heartbeat is <b>due</b> {@code interval} after the previous heartbeat's answer (the
 *       first: after the connection opened). That is never later than the last proof of life +
 *       {@code interval}, and heartbeats go on while notifications flow, so the round trip and the
 *       server's queue usage stay sampled.
 *   <li>A statement sent at {@code now} gets a socket read timeout of {@code min(timeout, deadline
 *       - reserve - now)}, rounded down to whole milliseconds: its read ends by the deadline minus
 *       a {@link #reserveNanos reserve} of 20 ms (a tenth of {@code timeout} if that is less), the
 *       time kept to notice the timeout and declare the loss. A heartbeat sent on time thus waits
 *       {@code timeout - reserve} for its answer, one sent late that much less. If less than a
 *       millisecond is left (the listener's own thread was late by about {@code timeout}: a long
 *       pause), the connection is declared lost at once, with {@link Overdue}, which does not blame
 *       the address.
 * </ul>
 *
 * <p>With the heartbeat off there is no deadline: every statement gets {@code timeout}. Used by the
 * connection thread only; not thread-safe.
 */
final class Liveness {

  private static final long MILLI = 1_000_000L;
  private static final long MAX_RESERVE = 20 * MILLI;

  private final Ticker ticker;
  private final boolean heartbeat;
  private final long interval;
  private final long timeout;
  private final long reserve;
  private long lastProof;
  private long lastHeartbeat;

  /**
   * Starts the schedule of a connection that just opened (its opening is the first proof of life).
   */
  Liveness(Ticker ticker, boolean heartbeat, Duration interval, Duration timeout) {
    this.ticker = ticker;
    this.heartbeat = heartbeat;
    this.interval = interval.toNanos();
    this.timeout = timeout.toNanos();
    this.reserve = reserveNanos(this.timeout);
    this.lastProof = ticker.nanoTime();
    this.lastHeartbeat = lastProof;
  }

  /**
   * Returns the time kept between the end of a statement's read and the deadline, to declare the
   * loss in: 20 ms, or a tenth of {@code timeoutNanos} if that is less.
   */
  static long reserveNanos(long timeoutNanos) {
    return Math.min(MAX_RESERVE, timeoutNanos / 10);
  }

  /** Bytes came from the server just now (a statement's answer, notifications). */
  void proofOfLife() {
    lastProof = ticker.nanoTime();
  }

  /** The heartbeat was answered just now. */
  void heartbeatAnswered() {
    proofOfLife();
    lastHeartbeat = lastProof;
  }

  /**
   * Returns the ticker reading at which the connection is declared lost if nothing arrives before:
   * the last proof of life + interval + timeout.
   */
  long deadline() {
    return lastProof + interval + timeout;
  }

  /** Returns the ticker reading at which the heartbeat is due. */
  long heartbeatDue() {
    return lastHeartbeat + interval;
  }

  /** Returns whether the heartbeat is on and due at {@code now}. */
  boolean heartbeatDueAt(long now) {
    return heartbeat && now - heartbeatDue() >= 0;
  }

  /**
   * Returns how long a notification wait starting at {@code now} may last: at most {@code poll},
   * and never past the heartbeat's due time (at least 1 ns; the caller rounds up to pgjdbc's
   * milliseconds).
   */
  long waitNanos(long now, long poll) {
    return heartbeat ? Math.max(1, Math.min(poll, heartbeatDue() - now)) : poll;
  }

  /**
   * Returns the socket read timeout, in whole milliseconds, of a statement sent at {@code now}:
   * {@code min(timeout, deadline - reserve - now)} rounded down, or 0 if less than a millisecond is
   * left.
   */
  int readTimeoutMillis(long now) {
    long left = heartbeat ? Math.min(timeout, deadline() - reserve - now) : timeout;
    return left < MILLI ? 0 : (int) Math.min(Integer.MAX_VALUE, left / MILLI);
  }

  /**
   * Returns the read timeout for a statement sent now.
   *
   * @throws Overdue if the deadline is less than a millisecond away
   */
  int armNow() throws Overdue {
    long now = ticker.nanoTime();
    int millis = readTimeoutMillis(now);
    if (millis <= 0) {
      throw new Overdue((now - lastProof) / MILLI, (interval + timeout) / MILLI);
    }
    return millis;
  }

  /**
   * Like {@link #armNow()}, but the read ends within {@code capNanos} too (at least a millisecond):
   * the check of a connection that the router suspects.
   *
   * @throws Overdue as {@link #armNow()}
   */
  int armWithin(long capNanos) throws Overdue {
    return (int) Math.min(armNow(), Math.max(1, capNanos / MILLI));
  }

  /**
   * The connection's deadline passed before the listener could send its next statement: declared
   * lost, without blaming the address (the listener's thread was late itself).
   */
  static final class Overdue extends SQLException {
    private static final long serialVersionUID = 1L;

    Overdue(long silentMillis, long boundMillis) {
      super(
          "no answer from the server for "
              + silentMillis
              + " ms, past heartbeatInterval + heartbeatTimeout ("
              + boundMillis
              + " ms); the listener's thread was late, so the address is not blamed",
          "08006",
          new SocketTimeoutException("heartbeat deadline passed"));
    }
  }
}
