/**
 * Detour pool: {@link dev.detour.pool.DetourDataSource}, a HikariCP pool whose physical connections
 * go through the Detour router, with fast-fail, eviction by address, a pooled socket timeout,
 * {@link dev.detour.pool.DetourDataSource#health()} and {@link
 * dev.detour.pool.DetourDataSource#reset()}. See the README's Pool section.
 */
package dev.detour.pool;
