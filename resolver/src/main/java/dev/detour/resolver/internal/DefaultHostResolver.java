package dev.detour.resolver.internal;

import dev.detour.core.Durations;
import dev.detour.core.Scheduler;
import dev.detour.core.Ticker;
import dev.detour.resolver.AddressChangeListener;
import dev.detour.resolver.AddressSource;
import dev.detour.resolver.HostResolver;
import dev.detour.resolver.HostResolverConfig;
import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.ResolverEventListener;
import dev.detour.resolver.UnresolvableHostException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link HostResolver}: hosts file, then cache, then DNS. Thread-safe.
 *
 * <p>A call of {@link #resolve}:
 *
 * <ol>
 *   <li>The hosts file and a fresh (or serve-stale) cache entry answer at once, without locks or
 *       allocation. A used entry past its refresh point starts one background refresh.
 *   <li>An IP literal answers at once.
 *   <li>Otherwise the caller joins the host's single in-flight lookup (starting it if needed) and
 *       waits at most the total timeout plus {@link #GRACE_NANOS}.
 *   <li>If that wait ends first (the lookup's timer thread is late), the answer still held for the
 *       host is returned: fresh, or stale within {@code maxStale}; only without one is the timeout
 *       raised.
 * </ol>
 */
public final class DefaultHostResolver implements HostResolver {

  /** How much longer than the total timeout {@link #resolve} may block. */
  static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private final HostResolverConfig config;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final Ticker ticker;
  private final SafeEvents events;
  private final boolean eventsOn;
  private final HostsTable hosts;
  private final ResolverCache cache;
  private final QueryContext queries;
  private final long totalTimeoutNanos;
  private final boolean wantA;
  private final boolean wantAaaa;
  private final AddressListeners listeners = new AddressListeners();
  private final EntryLookups lookups;
  private volatile boolean closed;

  private final DnsSettings dns;

  /**
   * A resolver whose configuration is complete: the system's DNS settings are never read.
   *
   * @param transport the DNS transport, or {@code null} for dnsjava
   */
  public DefaultHostResolver(
      HostResolverConfig config,
      Scheduler scheduler,
      boolean ownsScheduler,
      ResolverEventListener eventListener,
      DnsTransport transport) {
    this(config, DnsSettings.of(config), scheduler, ownsScheduler, eventListener, transport);
  }

  /**
   * @param config the configuration; its servers, search domains and ndots are placeholders where
   *     {@code dns} reads the system's
   * @param dns the servers, search domains and ndots
   * @param transport the DNS transport, or {@code null} for dnsjava
   */
  public DefaultHostResolver(
      HostResolverConfig config,
      DnsSettings dns,
      Scheduler scheduler,
      boolean ownsScheduler,
      ResolverEventListener eventListener,
      DnsTransport transport) {
    this.config = config;
    this.dns = dns;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.ticker = scheduler.ticker();
    this.events = new SafeEvents(eventListener);
    this.eventsOn = events.enabled();
    this.hosts =
        config.hostsFile() == null
            ? null
            : new HostsTable(config.hostsFile(), config.order(), ticker);
    this.cache = new ResolverCache(config.maxEntries(), events::cacheSize);
    DnsTransport t =
        transport != null
            ? transport
            : new DnsJavaTransport(config.queryTimeout().plusMillis(100), scheduler);
    this.queries =
        new QueryContext(
            dns,
            t,
            scheduler,
            events,
            config.queryTimeout().toNanos(),
            config.resolutionDelay().toNanos());
    this.totalTimeoutNanos = config.totalTimeout().toNanos();
    this.lookups = new EntryLookups(config, scheduler, events, listeners, queries);
    this.wantA = AddressOrdering.wantsA(config.order());
    this.wantAaaa = AddressOrdering.wantsAaaa(config.order());
  }

  /**
   * Returns the configuration this resolver was built with, the system's DNS settings filled in
   * (read now if no lookup has needed them yet).
   */
  public HostResolverConfig config() {
    return dns.complete(config);
  }

  /** Returns how many host names are cached. */
  public int cacheSize() {
    return cache.size();
  }

  @Override
  public ResolvedHost resolve(String host) throws UnknownHostException {
    if (host != null) {
      ResolvedHost hit = cached(host);
      if (hit != null) {
        return hit;
      }
    }
    CompletableFuture<ResolvedHost> future = resolveAsync(host);
    try {
      return future.get(totalTimeoutNanos + GRACE_NANOS, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnknownHostException) {
        throw (UnknownHostException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      UnknownHostException u = new UnknownHostException(host + ": " + cause);
      u.initCause(cause);
      throw u;
    } catch (TimeoutException e) {
      ResolvedHost held = heldAnswer(host);
      if (held != null) {
        return held;
      }
      throw new UnresolvableHostException(
          host, timeoutOutcomes("timeout after " + Durations.formatNanos(totalTimeoutNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnknownHostException(host + ": interrupted while resolving");
    }
  }

  @Override
  public CompletableFuture<ResolvedHost> resolveAsync(String host) {
    if (host != null) {
      ResolvedHost hit = cached(host);
      if (hit != null) {
        return CompletableFuture.completedFuture(hit);
      }
    }
    long start = ticker.nanoTime();
    InetAddress literal = IpLiterals.parse(host);
    if (literal != null) {
      hitEvent(host, LookupOutcome.FRESH_HIT, start);
      return CompletableFuture.completedFuture(
          new ResolvedHost(
              host, List.of(literal), AddressSource.LITERAL, start, Long.MAX_VALUE, 0));
    }
    String name;
    try {
      name = HostNames.normalize(host);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!name.equals(host)) {
      ResolvedHost hit = cached(name);
      if (hit != null) {
        return CompletableFuture.completedFuture(hit);
      }
    }
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("resolver is closed; cannot resolve " + name));
    }
    events.lookupStart(name);
    CacheEntry entry = cache.getOrCreate(name, start);
    Snapshot s = entry.snapshot;
    if (s.answer() == null && s.error() != null && start - s.negativeUntilNanos() < 0) {
      events.lookupEnd(name, LookupOutcome.FAILURE, ticker.nanoTime() - start);
      return CompletableFuture.failedFuture(copy(s.error()));
    }
    return lookups
        .join(entry, false)
        .thenApply(snapshot -> answerAfterLookup(name, snapshot, start));
  }

  @Override
  public AutoCloseable addListener(AddressChangeListener listener) {
    return listeners.add(listener);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsScheduler) {
      scheduler.close();
    }
    lookups.close(cache);
  }

  @Override
  public String toString() {
    return "HostResolver[servers="
        + dns.describeServers()
        + ", order="
        + config.order()
        + ", cached="
        + cache.size()
        + "]";
  }

  /** The hot path: hosts file or a usable cache entry, else {@code null}. Allocation-free. */
  private ResolvedHost cached(String host) {
    long now = ticker.nanoTime();
    if (hosts != null) {
      if (hosts.checkDue(now)) {
        reloadHosts();
      }
      ResolvedHost fromFile = hosts.get(host);
      if (fromFile != null) {
        hitEvent(host, LookupOutcome.FRESH_HIT, now);
        return fromFile;
      }
    }
    CacheEntry entry = cache.get(host);
    if (entry == null) {
      return null;
    }
    Snapshot s = entry.snapshot;
    ResolvedHost answer = s.answer();
    if (answer == null) {
      return null;
    }
    if (now - s.expiresAtNanos() < 0) {
      entry.touch(now);
      if (now - s.refreshAtNanos() >= 0) {
        lookups.refreshInBackground(entry);
      }
      hitEvent(host, LookupOutcome.FRESH_HIT, now);
      return answer;
    }
    if (s.failing() && now - s.staleUntilNanos() < 0) {
      entry.touch(now);
      if (now - s.refreshAtNanos() >= 0) {
        lookups.refreshInBackground(entry);
      }
      hitEvent(host, LookupOutcome.STALE_HIT, now);
      return s.staleAnswer();
    }
    return null;
  }

  /**
   * The answer still held for {@code host} when {@link #resolve} stopped waiting: fresh, or stale
   * within {@code maxStale}; else {@code null}. The lookup turns its failure into stale data only
   * when its own timer fires, and on a loaded machine that timer thread may run later than the
   * caller's wait ends.
   */
  private ResolvedHost heldAnswer(String host) {
    String name;
    try {
      name = HostNames.normalize(host);
    } catch (IllegalArgumentException e) {
      return null;
    }
    CacheEntry entry = cache.get(name);
    Snapshot s = entry == null ? null : entry.snapshot;
    if (s == null || s.answer() == null) {
      return null;
    }
    long now = ticker.nanoTime();
    if (now - s.expiresAtNanos() < 0) {
      return s.answer();
    }
    return now - s.staleUntilNanos() < 0 ? s.staleAnswer() : null;
  }

  private void hitEvent(String host, LookupOutcome outcome, long startNanos) {
    if (eventsOn) {
      events.lookupStart(host);
      events.lookupEnd(host, outcome, ticker.nanoTime() - startNanos);
    }
  }

  private ResolvedHost answerAfterLookup(String name, Snapshot s, long startNanos) {
    long now = ticker.nanoTime();
    if (s.answer() != null && now - s.expiresAtNanos() < 0) {
      // fresh (possibly a refresh failed, but the answer is still within its TTL)
      events.lookupEnd(name, LookupOutcome.MISS, now - startNanos);
      return s.answer();
    }
    if (s.answer() != null && s.failing() && now - s.staleUntilNanos() < 0) {
      events.lookupEnd(name, LookupOutcome.STALE_HIT, now - startNanos);
      return s.staleAnswer();
    }
    events.lookupEnd(name, LookupOutcome.FAILURE, now - startNanos);
    UnresolvableHostException error =
        s.error() != null
            ? copy(s.error())
            : new UnresolvableHostException(name, Map.of("cache", "no answer"));
    throw new CompletionException(error);
  }

  private void reloadHosts() {
    try {
      scheduler.execute(hosts::reloadIfChanged);
    } catch (RejectedExecutionException e) {
      // closed: keep the table as it is
    }
  }

  private Map<String, String> timeoutOutcomes(String detail) {
    Map<String, String> out = new TreeMap<>();
    if (wantA) {
      out.put("A", detail);
    }
    if (wantAaaa) {
      out.put("AAAA", detail);
    }
    return out;
  }

  /** A fresh exception per caller, so each stack trace is the caller's own. */
  private static UnresolvableHostException copy(UnresolvableHostException e) {
    return new UnresolvableHostException(e.host(), e.outcomes());
  }
}
