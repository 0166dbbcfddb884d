package dev.detour.router.internal;

import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.router.RouterConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;

/**
 * What every part of one router shares: its config, its time and thread seam, its wall clock (for
 * messages only), its random source (for jitter) and its event fan-out. Thread-safe.
 */
public final class RouterRuntime {

  private final RouterConfig config;
  private final Scheduler scheduler;
  private volatile Clock wallClock; // null until first used when built without one
  private final Random random;
  private final RouterEvents events;

  /**
   * @param config the router's settings
   * @param scheduler timers and workers; its ticker is the only clock the logic reads
   * @param wallClock used only to print times in messages and health snapshots; null for the system
   *     clock in the local zone, looked up when first used (a cold JVM's first connect does not
   *     load the time-zone rules for it)
   * @param random jitter source; calls are synchronized on it
   * @param events the listeners to notify
   */
  public RouterRuntime(
      RouterConfig config,
      Scheduler scheduler,
      Clock wallClock,
      Random random,
      RouterEvents events) {
    this.config = config;
    this.scheduler = scheduler;
    this.wallClock = wallClock;
    this.random = random;
    this.events = events;
  }

  public RouterConfig config() {
    return config;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Ticker ticker() {
    return scheduler.ticker();
  }

  public long now() {
    return scheduler.ticker().nanoTime();
  }

  public RouterEvents events() {
    return events;
  }

  public Clock wallClock() {
    Clock c = wallClock;
    if (c == null) {
      c = Clock.systemDefaultZone(); // racing threads build equal clocks
      wallClock = c;
    }
    return c;
  }

  /** Returns a uniform double in [0, 1). */
  public double nextDouble() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  /** Converts a time on the ticker to a wall-clock instant, for messages. */
  public Instant wallAt(long tickerNanos) {
    return wallClock().instant().plusNanos(tickerNanos - now());
  }
}
