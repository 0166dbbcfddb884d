package dev.detour.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells a handler that it may have missed notifications on its channel and should re-read its state
 * (for example a catch-up poll of a jobs table). Immutable.
 *
 * <ul>
 *   <li>{@link Reason#INITIAL}: the subscription's first {@code LISTEN} committed; whatever
 *       happened before it was not seen.
 *   <li>{@link Reason#RECONNECTED}: the connection was lost and a new one has re-listened. {@link
 *       #gapStart()} is the last moment the old connection was known alive (its last heartbeat,
 *       notification or {@code LISTEN}), {@link #gapEnd()} when the new {@code LISTEN} committed.
 *   <li>{@link Reason#OVERFLOW}: the dispatch queue was full and {@link #dropped()} notifications
 *       of this channel were dropped.
 * </ul>
 *
 * <p>In the resyncs a {@link DetourListener} delivers, the instants (like {@link
 * Notification#receivedAt()}) read the listener's monotonic clock, anchored to the wall clock once
 * when the listener was built: they order exactly with each other, and {@code gapEnd - gapStart}
 * equals {@link #gapDuration()}.
 */
public final class Resync {

  /** Why a resync was delivered. */
  public enum Reason {
    /** The subscription's first {@code LISTEN} committed. */
    INITIAL,
    /** A new connection re-listened after the previous one was lost. */
    RECONNECTED,
    /** Queued notifications were dropped because the dispatch queue was full. */
    OVERFLOW
  }

  private final Reason reason;
  private final String channel;
  private final Instant gapStart;
  private final Instant gapEnd;
  private final Duration gapDuration;
  private final long dropped;

  private Resync(
      Reason reason,
      String channel,
      Instant gapStart,
      Instant gapEnd,
      Duration gapDuration,
      long dropped) {
    this.reason = reason;
    this.channel = Objects.requireNonNull(channel, "channel");
    this.gapStart = gapStart;
    this.gapEnd = gapEnd;
    this.gapDuration = gapDuration;
    this.dropped = dropped;
  }

  /**
   * Returns an {@link Reason#INITIAL} resync.
   *
   * @param channel the channel
   * @param at when the {@code LISTEN} committed
   * @return the resync
   */
  public static Resync initial(String channel, Instant at) {
    return new Resync(Reason.INITIAL, channel, null, at, Duration.ZERO, 0);
  }

  /**
   * Returns a {@link Reason#RECONNECTED} resync.
   *
   * @param channel the channel
   * @param gapStart the last moment the old connection was known alive
   * @param gapEnd when the new {@code LISTEN} committed
   * @param gapDuration the gap's length, measured on the monotonic clock
   * @return the resync
   */
  public static Resync reconnected(
      String channel, Instant gapStart, Instant gapEnd, Duration gapDuration) {
    return new Resync(
        Reason.RECONNECTED,
        channel,
        Objects.requireNonNull(gapStart, "gapStart"),
        Objects.requireNonNull(gapEnd, "gapEnd"),
        Objects.requireNonNull(gapDuration, "gapDuration"),
        0);
  }

  /**
   * Returns an {@link Reason#OVERFLOW} resync.
   *
   * @param channel the channel
   * @param at when the last dropped notification was received
   * @param dropped how many notifications of the channel were dropped
   * @return the resync
   */
  public static Resync overflow(String channel, Instant at, long dropped) {
    return new Resync(Reason.OVERFLOW, channel, null, at, Duration.ZERO, dropped);
  }

  /**
   * Returns why this resync was delivered.
   *
   * @return why this resync was delivered
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the channel it concerns.
   *
   * @return the channel it concerns
   */
  public String channel() {
    return channel;
  }

  /**
   * Returns the start of the gap: for {@link Reason#RECONNECTED}, the last moment the old
   * connection was known alive; empty for the other reasons.
   *
   * @return the gap's start, if any
   */
  public Optional<Instant> gapStart() {
    return Optional.ofNullable(gapStart);
  }

  /**
   * Returns the end of the gap: when the {@code LISTEN} committed ({@link Reason#INITIAL}, {@link
   * Reason#RECONNECTED}) or when the last notification was dropped ({@link Reason#OVERFLOW}).
   *
   * @return the gap's end
   */
  public Instant gapEnd() {
    return gapEnd;
  }

  /**
   * Returns the gap's length for {@link Reason#RECONNECTED}, zero otherwise.
   *
   * @return the gap's length for {@link Reason#RECONNECTED}, zero otherwise
   */
  public Duration gapDuration() {
    return gapDuration;
  }

  /**
   * Returns how many notifications were dropped ({@link Reason#OVERFLOW}), zero otherwise.
   *
   * @return how many notifications were dropped ({@link Reason#OVERFLOW}), zero otherwise
   */
  public long dropped() {
    return dropped;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Resync[").append(reason).append(' ').append(channel);
    if (reason == Reason.RECONNECTED) {
      sb.append(", gap ").append(gapDuration.toMillis()).append(" ms from ").append(gapStart);
    } else if (reason == Reason.OVERFLOW) {
      sb.append(", dropped ").append(dropped);
    }
    return sb.append(']').toString();
  }
}
