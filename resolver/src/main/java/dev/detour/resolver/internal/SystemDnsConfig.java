package dev.detour.resolver.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;

/**
 * The system's DNS settings (servers, search domains, ndots), as dnsjava reads them from
 * /etc/resolv.conf and its other providers.
 *
 * @param servers never empty: 127.0.0.1:53 when the system names none
 */
public record SystemDnsConfig(
    List<InetSocketAddress> servers, List<String> searchDomains, int ndots) {

  /** Reads the current system configuration. */
  public static SystemDnsConfig current() {
    ResolverConfig rc = ResolverConfig.getCurrentConfig();
    List<InetSocketAddress> servers = new ArrayList<>(rc.servers());
    if (servers.isEmpty()) {
      servers.add(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 53));
    }
    List<String> search = new ArrayList<>();
    for (Name name : rc.searchPath()) {
      String text = name.toString(true);
      if (!text.isEmpty()) {
        try {
          search.add(HostNames.normalize(text));
        } catch (IllegalArgumentException e) {
          // a search domain we cannot use; skip it
        }
      }
    }
    return new SystemDnsConfig(
        List.copyOf(servers), List.copyOf(search), Math.max(0, Math.min(15, rc.ndots())));
  }
}
