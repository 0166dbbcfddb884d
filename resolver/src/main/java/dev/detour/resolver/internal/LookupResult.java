package dev.detour.resolver.internal;

import dev.detour.resolver.internal.FamilyResult.Kind;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a lookup of one host returned, per record type.
 *
 * @param a the A result, or {@code null} if A was not queried
 * @param aaaa the AAAA result, or {@code null} if AAAA was not queried
 */
public record LookupResult(FamilyResult a, FamilyResult aaaa) {

  /** Returns whether any family has addresses. */
  public boolean hasAddresses() {
    return is(a, Kind.ADDRESSES) || is(aaaa, Kind.ADDRESSES);
  }

  /** Returns whether every queried family answered authoritatively with nothing. */
  public boolean isNegative() {
    return !hasAddresses() && (a == null || a.isAnswer()) && (aaaa == null || aaaa.isAnswer());
  }

  /** Returns record type to detail, for {@code UnresolvableHostException}. */
  public Map<String, String> outcomes() {
    Map<String, String> out = new TreeMap<>();
    if (a != null) {
      out.put("A", a.detail());
    }
    if (aaaa != null) {
      out.put("AAAA", aaaa.detail());
    }
    return out;
  }

  private static boolean is(FamilyResult r, Kind kind) {
    return r != null && r.kind() == kind;
  }
}
