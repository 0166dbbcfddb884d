package dev.detour.core;

/**
 * A monotonic source of nanoseconds: the only clock Detour's logic reads.
 *
 * <p>Production code uses {@link #system()}; tests inject a fake ticker (see {@code
 * dev.detour.testkit.FakeClock}) and move time explicitly. Values are only meaningful relative to
 * each other, exactly like {@link System#nanoTime()}.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current value of this ticker, in nanoseconds.
   *
   * @return the current value of this ticker, in nanoseconds
   */
  long nanoTime();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the ticker backed by {@link System#nanoTime()}
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
