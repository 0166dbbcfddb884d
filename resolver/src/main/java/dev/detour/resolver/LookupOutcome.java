package dev.detour.resolver;

/** How one call to the {@link HostResolver} was answered, as reported to a listener. */
public enum LookupOutcome {
  /** From the cache within its TTL, from the hosts file, or an IP literal: no waiting. */
  FRESH_HIT,
  /** A stale answer, served because refreshing it failed (RFC 8767). */
  STALE_HIT,
  /** The caller waited for DNS and got an answer. */
  MISS,
  /** A background refresh (refresh-ahead or a stale retry) completed with an answer. */
  REFRESH,
  /** No address: the caller got an exception, or a background refresh failed. */
  FAILURE
}
