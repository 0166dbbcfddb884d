package dev.detour.resolver;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * An immutable answer of the {@link HostResolver}.
 *
 * @param host the host name as asked (lower case, no trailing dot)
 * @param addresses the addresses, ordered by the resolver's {@link AddressOrder}; never empty
 * @param source where the answer came from
 * @param fetchedAtNanos when the answer was fetched, on the resolver's ticker
 * @param expiresAtNanos when the answer's (clamped) TTL runs out, on the resolver's ticker
 * @param generation changes whenever the address set of this host changes; equal generations mean
 *     an equal set
 */
public record ResolvedHost(
    String host,
    List<InetAddress> addresses,
    AddressSource source,
    long fetchedAtNanos,
    long expiresAtNanos,
    long generation) {

  /**
   * Validates and copies.
   *
   * @param host the host name as asked (lower case, no trailing dot)
   * @param addresses the addresses, ordered by the resolver's {@link AddressOrder}; never empty
   * @param source where the answer came from
   * @param fetchedAtNanos when the answer was fetched, on the resolver's ticker
   * @param expiresAtNanos when the answer's (clamped) TTL runs out, on the resolver's ticker
   * @param generation changes whenever the address set of this host changes; equal generations mean
   */
  public ResolvedHost {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(source, "source");
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("addresses: empty for " + host);
    }
  }

  /**
   * Returns {@code true} if this answer is served past its TTL because DNS failed.
   *
   * @return {@code true} if this answer is served past its TTL because DNS failed
   */
  public boolean isStale() {
    return source == AddressSource.STALE;
  }
}
