package dev.detour.router;

import java.net.InetSocketAddress;

/**
 * What happened to one TCP attempt of a connect.
 *
 * @param address the address tried
 * @param result how it ended
 * @param startNanos when it started, relative to the connect's start
 * @param durationNanos how long it ran
 * @param detail a short cause, such as {@code "Connection refused"}; empty when connected
 */
public record AttemptOutcome(
    InetSocketAddress address, Result result, long startNanos, long durationNanos, String detail) {

  /** How an attempt ended. */
  public enum Result {
    /** TCP connected, and this attempt won the race. */
    CONNECTED,
    /** TCP connected after another attempt had won; the socket was closed. */
    LOST_RACE,
    /** The per-attempt timeout ran out. */
    TIMED_OUT,
    /** The peer answered with RST. */
    REFUSED,
    /** Another error, such as an unreachable network. */
    FAILED,
    /** Stopped before it finished because another attempt won or the budget ran out. */
    CANCELLED
  }
}
