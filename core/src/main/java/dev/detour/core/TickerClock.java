package dev.detour.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A {@link Clock} that reads a {@link Ticker}, anchored to a wall clock once, when it is created.
 *
 * <p>Its instants never go back and their differences are exactly the ticker's: a step of the
 * system clock (NTP, a VM resume) after creation does not move them. Use it wherever an instant is
 * shown to a user but also ordered or subtracted (an event's time, a gap's start and end). The
 * price is that it does not follow later corrections of the wall clock; over a process's life it
 * may drift from it by the ticker's own drift.
 *
 * <p>Thread-safe and immutable.
 */
public final class TickerClock extends Clock {

  private final Ticker ticker;
  private final Instant anchor;
  private final long anchorNanos;
  private final ZoneId zone;

  private TickerClock(Ticker ticker, Instant anchor, long anchorNanos, ZoneId zone) {
    this.ticker = ticker;
    this.anchor = anchor;
    this.anchorNanos = anchorNanos;
    this.zone = zone;
  }

  /**
   * Returns a clock that reads {@code ticker}, anchored to {@code wall}'s current instant.
   *
   * @param ticker the monotonic source of every later reading
   * @param wall read once, now, for the anchor; its zone is the clock's zone
   * @return the clock
   */
  public static TickerClock anchored(Ticker ticker, Clock wall) {
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(wall, "wall");
    long nanos = ticker.nanoTime();
    return new TickerClock(ticker, wall.instant(), nanos, wall.getZone());
  }

  /**
   * Returns the instant of a past or future reading of the ticker, for example a time stored as
   * nanoseconds and shown later.
   *
   * @param tickerNanos a value of the ticker's {@link Ticker#nanoTime()}
   * @return the instant it stands for
   */
  public Instant instantAt(long tickerNanos) {
    return anchor.plusNanos(tickerNanos - anchorNanos);
  }

  /**
   * Returns the current instant: the anchor plus the ticker's time since the anchor.
   *
   * @return the current instant
   */
  @Override
  public Instant instant() {
    return instantAt(ticker.nanoTime());
  }

  /**
   * Returns the zone of the wall clock this clock was anchored to (or of {@link #withZone}).
   *
   * @return the zone
   */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * Returns the same clock (same ticker, same anchor) in another zone.
   *
   * @param zone the zone
   * @return the clock in {@code zone}
   */
  @Override
  public TickerClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new TickerClock(ticker, anchor, anchorNanos, zone);
  }

  @Override
  public String toString() {
    return "TickerClock[" + ticker + ", anchored at " + anchor + ", " + zone + "]";
  }
}
