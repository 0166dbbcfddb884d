package dev.detour.pool.internal;

/**
 * The pool's own metrics ({@code detour.pool.*}); Hikari's go to the same registry under {@code
 * hikaricp.*}. The no-op {@link #NONE} is used without Micrometer. Implementations are thread-safe
 * and never block.
 */
public interface PoolMetrics {

  /** Does nothing. */
  PoolMetrics NONE = new PoolMetrics() {};

  /** {@code count} connections were evicted for {@code reason} (a short tag value). */
  default void evicted(String reason, int count) {}

  /** A borrow failed at once because every address was open. */
  default void fastFail() {}

  /** A borrow failed; {@code kind} is {@code unreachable} or {@code exhausted}. */
  default void acquireFailed(String kind) {}
}
