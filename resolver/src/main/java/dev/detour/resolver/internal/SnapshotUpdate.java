package dev.detour.resolver.internal;

import dev.detour.resolver.AddressSource;
import dev.detour.resolver.HostResolverConfig;
import dev.detour.resolver.ResolvedHost;
import dev.detour.resolver.UnresolvableHostException;
import dev.detour.resolver.internal.FamilyResult.Kind;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Computes a host's next {@link Snapshot} from the previous one and a lookup result: TTL clamping,
 * negative caching, serve-stale with retry backoff, and generations. Pure functions.
 *
 * <p>Rules:
 *
 * <ol>
 *   <li>Any addresses: a fresh answer. A type that failed or was still pending keeps its previous
 *       addresses; a type that answered "none" (NODATA, NXDOMAIN) drops them. The TTL is the
 *       smallest TTL of the types with addresses, clamped to [minTtl, maxTtl].
 *   <li>Every type answered "none": a negative answer, cached for negativeTtl. This is an
 *       authoritative answer, so no stale data is served for it.
 *   <li>Otherwise (SERVFAIL, timeout, network error): the previous answer is kept and served as
 *       stale until maxStale past its expiry; retries wait staleRetry, doubling up to {@link
 *       #MAX_BACKOFF_NANOS}.
 *   <li>The generation changes iff the address set changes (order does not count).
 * </ol>
 */
public final class SnapshotUpdate {

  /** The longest wait between two retries of a failing host: 5 minutes. */
  public static final long MAX_BACKOFF_NANOS = TimeUnit.MINUTES.toNanos(5);

  private SnapshotUpdate() {}

  /** Returns the snapshot after {@code result} arrived at {@code nowNanos}. */
  public static Snapshot apply(
      String host, Snapshot old, LookupResult result, long nowNanos, HostResolverConfig config) {
    if (result.hasAddresses()) {
      List<InetAddress> v4 = pick(result.a(), old.v4());
      List<InetAddress> v6 = pick(result.aaaa(), old.v6());
      long ttlSeconds = Math.min(ttl(result.a()), ttl(result.aaaa()));
      long ttl =
          Math.max(
              config.minTtl().toNanos(),
              Math.min(config.maxTtl().toNanos(), TimeUnit.SECONDS.toNanos(ttlSeconds)));
      long expires = nowNanos + ttl;
      long refreshAt = nowNanos + (long) (ttl * config.refreshAheadRatio());
      return fresh(host, old, v4, v6, nowNanos, expires, refreshAt, config);
    }
    UnresolvableHostException error = new UnresolvableHostException(host, result.outcomes());
    if (result.isNegative()) {
      return new Snapshot(
          null,
          null,
          List.of(),
          List.of(),
          0,
          0,
          0,
          0,
          false,
          error,
          nowNanos + config.negativeTtl().toNanos(),
          old.generation());
    }
    if (old.answer() != null && nowNanos - old.staleUntilNanos() < 0) {
      long backoff =
          old.backoffNanos() == 0
              ? config.staleRetry().toNanos()
              : Math.min(old.backoffNanos() * 2, Math.max(MAX_BACKOFF_NANOS, old.backoffNanos()));
      return new Snapshot(
          old.answer(),
          old.staleAnswer(),
          old.v4(),
          old.v6(),
          old.expiresAtNanos(),
          nowNanos + backoff,
          backoff,
          old.staleUntilNanos(),
          true,
          error,
          0,
          old.generation());
    }
    return new Snapshot(
        null, null, List.of(), List.of(), 0, 0, 0, 0, true, error, 0, old.generation());
  }

  /**
   * Returns the snapshot after one type's addresses arrived late (after the resolution delay):
   * merged into the current answer, keeping its expiry.
   */
  public static Snapshot late(
      String host, Snapshot old, FamilyResult late, long nowNanos, HostResolverConfig config) {
    if (old.answer() == null || old.failing() || late.kind() != Kind.ADDRESSES) {
      return old;
    }
    List<InetAddress> v4 = late.type().equals("A") ? late.addresses() : old.v4();
    List<InetAddress> v6 = late.type().equals("AAAA") ? late.addresses() : old.v6();
    return fresh(
        host,
        old,
        v4,
        v6,
        old.answer().fetchedAtNanos(),
        old.expiresAtNanos(),
        old.refreshAtNanos(),
        config);
  }

  /** Returns whether {@code a} and {@code b} hold the same addresses, in any order. */
  public static boolean sameSet(List<InetAddress> a, List<InetAddress> b) {
    if (a.size() != b.size()) {
      return false;
    }
    return a.equals(b) || new HashSet<>(a).equals(new HashSet<>(b));
  }

  private static Snapshot fresh(
      String host,
      Snapshot old,
      List<InetAddress> v4,
      List<InetAddress> v6,
      long fetchedAt,
      long expires,
      long refreshAt,
      HostResolverConfig config) {
    List<InetAddress> ordered = AddressOrdering.order(v4, v6, config.order());
    if (ordered.isEmpty()) {
      // Only possible when the wanted family answered "none" and the other had addresses.
      UnresolvableHostException error =
          new UnresolvableHostException(host, java.util.Map.of("order", config.order().name()));
      return new Snapshot(
          null, null, v4, v6, 0, 0, 0, 0, false, error, fetchedAt, old.generation());
    }
    long generation =
        old.answer() != null && sameSet(old.answer().addresses(), ordered)
            ? old.generation()
            : old.generation() + 1;
    ResolvedHost answer =
        new ResolvedHost(host, ordered, AddressSource.DNS, fetchedAt, expires, generation);
    ResolvedHost stale =
        new ResolvedHost(host, ordered, AddressSource.STALE, fetchedAt, expires, generation);
    return new Snapshot(
        answer,
        stale,
        v4,
        v6,
        expires,
        refreshAt,
        0,
        expires + config.maxStale().toNanos(),
        false,
        null,
        0,
        generation);
  }

  private static List<InetAddress> pick(FamilyResult r, List<InetAddress> previous) {
    if (r == null) {
      return List.of();
    }
    switch (r.kind()) {
      case ADDRESSES:
        return r.addresses();
      case NO_RECORDS:
      case NXDOMAIN:
        return List.of();
      default:
        return previous;
    }
  }

  private static long ttl(FamilyResult r) {
    return r != null && r.kind() == Kind.ADDRESSES ? r.ttlSeconds() : Long.MAX_VALUE;
  }
}
