package dev.detour.resolver;

/** Where a {@link ResolvedHost} came from. */
public enum AddressSource {
  /** A fresh DNS answer (from the network or the cache, within its TTL). */
  DNS,
  /** The hosts file. */
  HOSTS_FILE,
  /** The host was an IP literal; no query was made. */
  LITERAL,
  /** A DNS answer past its TTL, served because refreshing it failed (RFC 8767). */
  STALE
}
