package dev.detour.resolver.internal;

import dev.detour.resolver.AddressOrder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Merges the IPv4 and IPv6 lists of an answer by an {@link AddressOrder}. A pure function. */
public final class AddressOrdering {

  private AddressOrdering() {}

  /**
   * Returns the addresses {@code order} selects, each family in its given (DNS) order.
   *
   * @param v4 the addresses of the A records
   * @param v6 the addresses of the AAAA records
   */
  public static List<InetAddress> order(
      List<InetAddress> v4, List<InetAddress> v6, AddressOrder order) {
    switch (order) {
      case IPV4_ONLY:
        return List.copyOf(v4);
      case IPV6_ONLY:
        return List.copyOf(v6);
      case IPV6_FIRST:
        return concat(v6, v4);
      case IPV4_FIRST:
      default:
        return concat(v4, v6);
    }
  }

  /** Returns whether {@code order} queries A records. */
  public static boolean wantsA(AddressOrder order) {
    return order != AddressOrder.IPV6_ONLY;
  }

  /** Returns whether {@code order} queries AAAA records. */
  public static boolean wantsAaaa(AddressOrder order) {
    return order != AddressOrder.IPV4_ONLY;
  }

  private static List<InetAddress> concat(List<InetAddress> first, List<InetAddress> second) {
    List<InetAddress> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    for (InetAddress a : second) {
      if (!all.contains(a)) {
        all.add(a);
      }
    }
    return List.copyOf(all);
  }
}
