package dev.detour.resolver;

import java.net.InetSocketAddress;

/**
 * Hears what a {@link HostResolver} does, for logs and metrics. Every method has a no-op default;
 * {@link #NOOP} is the default listener. See {@code
 * dev.detour.resolver.micrometer.MicrometerResolverMetrics} for the Micrometer adapter.
 *
 * <p>Methods are called on caller threads (cache hits, on the hot path) and on resolver threads.
 * Implementations must be thread-safe, quick, allocation-light and must not throw; exceptions they
 * throw are caught and logged.
 */
public interface ResolverEventListener {

  /** The listener that ignores everything (the default). */
  ResolverEventListener NOOP = new ResolverEventListener() {};

  /**
   * A lookup of {@code host} starts: a call of {@code resolve}/{@code resolveAsync}, or a
   * background refresh.
   *
   * @param host the host name
   */
  default void lookupStart(String host) {}

  /**
   * A lookup of {@code host} ended.
   *
   * @param durationNanos how long it took, on the resolver's ticker
   * @param host the host name
   * @param outcome the outcome
   */
  default void lookupEnd(String host, LookupOutcome outcome, long durationNanos) {}

  /**
   * One DNS query ended.
   *
   * @param type {@code "A"} or {@code "AAAA"}
   * @param server the server asked
   * @param durationNanos from sending to the answer or the timeout
   * @param host the host name
   * @param result the query's result
   */
  default void queryEnd(
      String host, String type, InetSocketAddress server, long durationNanos, QueryResult result) {}

  /**
   * The number of cached host names changed to {@code entries}.
   *
   * @param entries the new number of cached host names
   */
  default void cacheSize(int entries) {}
}
