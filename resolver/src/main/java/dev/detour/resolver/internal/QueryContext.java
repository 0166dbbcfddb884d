package dev.detour.resolver.internal;

import dev.detour.core.Scheduler;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What every DNS query of one resolver shares: servers and search path, transport, timers and
 * events.
 *
 * @param dns the servers, search domains and ndots (the system's read when first needed)
 * @param queryTimeoutNanos the timeout of one query to one server
 * @param resolutionDelayNanos how long one family's answer waits for the other's
 */
public record QueryContext(
    DnsSettings dns,
    DnsTransport transport,
    Scheduler scheduler,
    SafeEvents events,
    long queryTimeoutNanos,
    long resolutionDelayNanos) {

  /**
   * Returns the servers, tried in order.
   *
   * @return the servers (the system's are read on the first call if none were given)
   */
  public List<InetSocketAddress> servers() {
    return dns.servers();
  }
}
