package dev.detour.resolver;

import java.net.InetAddress;
import java.util.List;

/**
 * Hears that a host's address set changed (a new order of the same set does not count). Called on
 * the thread that completed the lookup (a resolver thread, or a caller's thread), outside any
 * resolver lock; implementations must be thread-safe and quick, and exceptions they throw are
 * logged and ignored.
 */
@FunctionalInterface
public interface AddressChangeListener {

  /**
   * @param host the host name
   * @param previous the old address set (empty the first time a host is seen)
   * @param current the new address set (empty when DNS says the host no longer exists)
   */
  void onChange(String host, List<InetAddress> previous, List<InetAddress> current);
}
