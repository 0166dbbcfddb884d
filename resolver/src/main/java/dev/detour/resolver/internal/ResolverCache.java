package dev.detour.resolver.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The bounded map of host name to {@link CacheEntry}. Thread-safe.
 *
 * <p>Eviction is approximate LRU: when an insert takes the size over {@code maxEntries}, the tenth
 * of the entries used least recently (by {@link CacheEntry#lastAccessNanos}, kept to the second) is
 * dropped, so the O(n) scan runs at most once per {@code maxEntries / 10} inserts.
 */
public final class ResolverCache {

  private final ConcurrentHashMap<String, CacheEntry> map = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxEntries;
  private final IntConsumer sizeListener;

  /**
   * @param sizeListener hears the new size after every insert and eviction
   */
  public ResolverCache(int maxEntries, IntConsumer sizeListener) {
    this.maxEntries = maxEntries;
    this.sizeListener = sizeListener;
  }

  /** Returns the entry of {@code host}, or {@code null}. Allocation-free. */
  public CacheEntry get(String host) {
    return map.get(host);
  }

  /** Returns the entry of {@code host}, creating it (and evicting, if full) when absent. */
  public CacheEntry getOrCreate(String host, long nowNanos) {
    CacheEntry entry = map.get(host);
    if (entry != null) {
      return entry;
    }
    CacheEntry created = new CacheEntry(host, nowNanos);
    entry = map.putIfAbsent(host, created);
    if (entry != null) {
      return entry;
    }
    int n = size.incrementAndGet();
    if (n > maxEntries) {
      evict(created);
    }
    sizeListener.accept(size.get());
    return created;
  }

  /** Returns the number of cached hosts. */
  public int size() {
    return size.get();
  }

  /** Drops every entry. */
  public void clear() {
    map.clear();
    size.set(0);
    sizeListener.accept(0);
  }

  private synchronized void evict(CacheEntry keep) {
    int excess = size.get() - maxEntries;
    if (excess <= 0) {
      return;
    }
    int toDrop = Math.max(excess, maxEntries / 10);
    List<CacheEntry> all = new ArrayList<>(map.values());
    all.sort(Comparator.comparingLong(e -> e.lastAccessNanos));
    for (CacheEntry e : all) {
      if (toDrop == 0) {
        break;
      }
      if (e != keep && map.remove(e.host, e)) {
        size.decrementAndGet();
        toDrop--;
      }
    }
  }
}
