package dev.detour.resolver.internal;

import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.resolver.HostResolverConfig;
import dev.detour.resolver.LookupOutcome;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lookups of cache entries: at most one per host at a time (single-flight), in the
 * foreground for a waiting caller or in the background for refresh-ahead and stale retries, and
 * applies each result to the entry's {@link Snapshot}. Thread-safe.
 */
final class EntryLookups {

  private static final Logger log = LoggerFactory.getLogger(EntryLookups.class);

  private final HostResolverConfig config;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final SafeEvents events;
  private final AddressListeners listeners;
  private final QueryContext queries;
  private final long totalTimeoutNanos;
  private final boolean wantA;
  private final boolean wantAaaa;
  private volatile boolean closed;

  /**
   * Every lookup still running, with its host: an entry may be evicted from the cache while its
   * lookup runs, and {@link #close} must still fail it.
   */
  private final Map<CompletableFuture<Snapshot>, String> running = new ConcurrentHashMap<>();

  EntryLookups(
      HostResolverConfig config,
      Scheduler scheduler,
      SafeEvents events,
      AddressListeners listeners,
      QueryContext queries) {
    this.config = config;
    this.scheduler = scheduler;
    this.ticker = scheduler.ticker();
    this.events = events;
    this.listeners = listeners;
    this.queries = queries;
    this.totalTimeoutNanos = config.totalTimeout().toNanos();
    this.wantA = AddressOrdering.wantsA(config.order());
    this.wantAaaa = AddressOrdering.wantsAaaa(config.order());
  }

  /**
   * Stops starting background refreshes and fails every running lookup, including those of hosts
   * evicted from {@code cache} meanwhile.
   */
  void close(ResolverCache cache) {
    closed = true;
    cache.forEach(
        entry -> {
          synchronized (entry) {
            entry.inflight = null;
          }
        });
    failRunning();
  }

  private void failRunning() {
    for (Map.Entry<CompletableFuture<Snapshot>, String> e : running.entrySet()) {
      if (running.remove(e.getKey(), e.getValue())) {
        e.getKey()
            .completeExceptionally(
                new IllegalStateException("resolver closed while resolving " + e.getValue()));
      }
    }
  }

  /** Tracks {@code future} until it completes; fails it at once if the resolver is closed. */
  private void track(CacheEntry entry, CompletableFuture<Snapshot> future) {
    running.put(future, entry.host);
    future.whenComplete((snapshot, error) -> running.remove(future));
    if (closed) {
      failRunning(); // close() may have run before the put
    }
  }

  /** Starts a background refresh of {@code entry} unless a lookup of it is running. */
  void refreshInBackground(CacheEntry entry) {
    if (entry.inflight != null || closed) {
      return;
    }
    CompletableFuture<Snapshot> future;
    synchronized (entry) {
      if (entry.inflight != null) {
        return;
      }
      future = new CompletableFuture<>();
      entry.inflight = future;
    }
    track(entry, future);
    try {
      scheduler.execute(() -> startLookup(entry, future, true));
    } catch (RejectedExecutionException e) {
      synchronized (entry) {
        entry.inflight = null;
      }
      future.complete(entry.snapshot);
    }
  }

  /** Returns the running lookup of {@code entry}, starting one on this thread if none runs. */
  CompletableFuture<Snapshot> join(CacheEntry entry, boolean background) {
    CompletableFuture<Snapshot> future;
    boolean start = false;
    synchronized (entry) {
      if (entry.inflight == null) {
        entry.inflight = new CompletableFuture<>();
        start = true;
      }
      future = entry.inflight;
    }
    if (start) {
      track(entry, future);
      startLookup(entry, future, background);
    }
    return future;
  }

  private void startLookup(
      CacheEntry entry, CompletableFuture<Snapshot> future, boolean background) {
    String host = entry.host;
    long start = ticker.nanoTime();
    if (background) {
      events.lookupStart(host);
    }
    Lookup lookup;
    try {
      lookup =
          new Lookup(
              host,
              queries.dns().candidates(host),
              wantA,
              wantAaaa,
              queries,
              totalTimeoutNanos,
              late -> onLate(entry, late));
      lookup
          .start()
          .whenComplete(
              (result, error) -> {
                LookupResult r =
                    result != null
                        ? result
                        : new LookupResult(
                            wantA ? failed("A", error) : null,
                            wantAaaa ? failed("AAAA", error) : null);
                finishLookup(entry, future, r, start, background);
              });
    } catch (RuntimeException e) {
      log.warn("lookup of {} could not start", host, e);
      finishLookup(
          entry,
          future,
          new LookupResult(wantA ? failed("A", e) : null, wantAaaa ? failed("AAAA", e) : null),
          start,
          background);
    }
  }

  private void finishLookup(
      CacheEntry entry,
      CompletableFuture<Snapshot> future,
      LookupResult result,
      long start,
      boolean background) {
    long now = ticker.nanoTime();
    Snapshot old;
    Snapshot next;
    synchronized (entry) {
      old = entry.snapshot;
      next = SnapshotUpdate.apply(entry.host, old, result, now, config);
      entry.snapshot = next;
      if (entry.inflight == future) {
        entry.inflight = null;
      }
    }
    if (background) {
      boolean ok = next.answer() != null && !next.failing();
      events.lookupEnd(entry.host, ok ? LookupOutcome.REFRESH : LookupOutcome.FAILURE, now - start);
    }
    if (next.failing() && !old.failing() && next.answer() != null) {
      log.warn(
          "DNS refresh of {} failed ({}); serving the last answer {} until {} past its expiry",
          entry.host,
          next.error().getMessage(),
          next.answer().addresses(),
          Durations.format(config.maxStale()));
    }
    listeners.notifyIfChanged(entry.host, old, next);
    future.complete(next);
  }

  private void onLate(CacheEntry entry, FamilyResult late) {
    Snapshot old;
    Snapshot next;
    synchronized (entry) {
      old = entry.snapshot;
      next = SnapshotUpdate.late(entry.host, old, late, ticker.nanoTime(), config);
      entry.snapshot = next;
    }
    listeners.notifyIfChanged(entry.host, old, next);
  }

  private static FamilyResult failed(String type, Throwable error) {
    return FamilyResult.of(type, FamilyResult.Kind.FAILURE, "error: " + error);
  }
}
