package dev.detour.resolver.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * What one record type (A or AAAA) returned for a name.
 *
 * @param type {@code "A"} or {@code "AAAA"}
 * @param kind the kind of outcome
 * @param addresses the addresses, in DNS order; empty unless {@code kind} is ADDRESSES
 * @param ttlSeconds the smallest TTL along the answer (CNAMEs included); 0 unless ADDRESSES
 * @param detail what happened, for error messages: {@code "NXDOMAIN"}, {@code "no records"}, {@code
 *     "SERVFAIL"}, {@code "timeout after 1.5s"}
 */
public record FamilyResult(
    String type, Kind kind, List<InetAddress> addresses, long ttlSeconds, String detail) {

  /** The kinds of outcome. */
  public enum Kind {
    /** At least one address. */
    ADDRESSES,
    /** NOERROR with no record of the type (NODATA): an authoritative "none". */
    NO_RECORDS,
    /** The name does not exist: an authoritative "none". */
    NXDOMAIN,
    /** No usable answer: SERVFAIL, REFUSED, timeout or a network error, on every server. */
    FAILURE,
    /** Not answered before the lookup finished (the resolution delay or total timeout ran out). */
    PENDING
  }

  /** Copies the address list. */
  public FamilyResult {
    addresses = List.copyOf(addresses);
  }

  /** Returns whether this is an authoritative answer (addresses, NODATA or NXDOMAIN). */
  public boolean isAnswer() {
    return kind == Kind.ADDRESSES || kind == Kind.NO_RECORDS || kind == Kind.NXDOMAIN;
  }

  static FamilyResult of(String type, Kind kind, String detail) {
    return new FamilyResult(type, kind, List.of(), 0, detail);
  }
}
