package dev.detour.resolver.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * The real {@link DnsTransport}: dnsjava's {@link SimpleResolver}, one per server, UDP with a retry
 * over TCP when the UDP answer is truncated (dnsjava's default). Thread-safe.
 *
 * <p>dnsjava's I/O runs on its own daemon selector thread ({@code dnsjava NIO selector}); the
 * response is parsed on {@code executor}.
 */
public final class DnsJavaTransport implements DnsTransport {

  private final Duration timeout;
  private final Executor executor;
  private final Map<InetSocketAddress, SimpleResolver> resolvers = new ConcurrentHashMap<>();

  /**
   * @param timeout dnsjava's own per-query timeout (a backstop; the resolver's timer also bounds
   *     each query)
   * @param executor where responses are parsed and the resolver continues
   */
  public DnsJavaTransport(Duration timeout, Executor executor) {
    this.timeout = timeout;
    this.executor = executor;
  }

  @Override
  public CompletionStage<Message> query(Message query, InetSocketAddress server) {
    SimpleResolver resolver = resolvers.computeIfAbsent(server, this::newResolver);
    return resolver.sendAsync(query, executor);
  }

  private SimpleResolver newResolver(InetSocketAddress server) {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(timeout);
    resolver.setIgnoreTruncation(false);
    return resolver;
  }
}
