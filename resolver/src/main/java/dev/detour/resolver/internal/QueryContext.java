package dev.detour.resolver.internal;

import dev.detour.core.Scheduler;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What every DNS query of one resolver shares: servers, transport, timers and events.
 *
 * @param servers the servers, tried in order
 * @param queryTimeoutNanos the timeout of one query to one server
 * @param resolutionDelayNanos how long one family's answer waits for the other's
 */
public record QueryContext(
    List<InetSocketAddress> servers,
    DnsTransport transport,
    Scheduler scheduler,
    SafeEvents events,
    long queryTimeoutNanos,
    long resolutionDelayNanos) {}
