package dev.detour.resolver;

/**
 * Which address families a resolver returns, and which comes first. Within one family the DNS order
 * is kept; the router decides the rest.
 */
public enum AddressOrder {
  /** IPv4 addresses, then IPv6 (the default). */
  IPV4_FIRST,
  /** IPv4 addresses only; AAAA is not queried. */
  IPV4_ONLY,
  /** IPv6 addresses, then IPv4. */
  IPV6_FIRST,
  /** IPv6 addresses only; A is not queried. */
  IPV6_ONLY
}
