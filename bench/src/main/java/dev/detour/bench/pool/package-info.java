/** Scenario benchmarks of the pool: {@link dev.detour.bench.pool.PoolBench}. */
package dev.detour.bench.pool;
