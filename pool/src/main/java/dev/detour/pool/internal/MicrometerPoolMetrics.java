package dev.detour.pool.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link PoolMetrics} on a Micrometer registry: counters {@code detour.pool.evictions} (tag {@code
 * reason}), {@code detour.pool.fastfails} and {@code detour.pool.acquire.failures} (tag {@code
 * kind}), each tagged {@code pool}. Loaded only when a registry is given.
 */
public final class MicrometerPoolMetrics implements PoolMetrics {

  private final MeterRegistry registry;
  private final String pool;

  /**
   * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}
   * @param pool the pool's name, the {@code pool} tag
   */
  public MicrometerPoolMetrics(Object registry, String pool) {
    this.registry = (MeterRegistry) registry;
    this.pool = pool;
  }

  @Override
  public void evicted(String reason, int count) {
    Counter.builder("detour.pool.evictions")
        .description("connections evicted by the pool, by reason")
        .tag("pool", pool)
        .tag("reason", reason)
        .register(registry)
        .increment(count);
  }

  @Override
  public void fastFail() {
    Counter.builder("detour.pool.fastfails")
        .description("borrows failed at once because every address was open")
        .tag("pool", pool)
        .register(registry)
        .increment();
  }

  @Override
  public void acquireFailed(String kind) {
    Counter.builder("detour.pool.acquire.failures")
        .description("borrows that failed, by kind (unreachable or exhausted)")
        .tag("pool", pool)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }
}
