package dev.detour.resolver;

import java.net.InetAddress;
import java.util.List;

/**
 * Hears that a host's address set changed. Called on a resolver thread; implementations must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface AddressChangeListener {

  /**
   * @param host the host name
   * @param previous the old address set (empty the first time a host is seen)
   * @param current the new address set
   */
  void onChange(String host, List<InetAddress> previous, List<InetAddress> current);
}
