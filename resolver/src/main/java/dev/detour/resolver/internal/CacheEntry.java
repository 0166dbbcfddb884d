package dev.detour.resolver.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One cached host: its current {@link Snapshot}, its in-flight lookup (single-flight) and when it
 * was last used (for LRU eviction). Thread-safe: the snapshot is read without locking; writers lock
 * the entry.
 *
 * <p>Memory: about 0.5 to 1 KB per host with a handful of addresses (this object, its snapshot, two
 * {@code ResolvedHost}s and their lists, the {@code InetAddress}es, the key and the map node).
 */
public final class CacheEntry {

  final String host;
  volatile Snapshot snapshot = Snapshot.EMPTY;
  volatile long lastAccessNanos;

  /** The running lookup; guarded by {@code this}. */
  CompletableFuture<Snapshot> inflight;

  /** Whether the running lookup is a background refresh (no caller waits for it). */
  boolean background;

  CacheEntry(String host, long nowNanos) {
    this.host = host;
    this.lastAccessNanos = nowNanos;
  }

  /** Returns the current snapshot. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** Records a use, writing the shared field at most once a second to spare the cache line. */
  void touch(long nowNanos) {
    if (nowNanos - lastAccessNanos > 1_000_000_000L) {
      lastAccessNanos = nowNanos;
    }
  }
}
