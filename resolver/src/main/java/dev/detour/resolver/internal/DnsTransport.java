package dev.detour.resolver.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;

/**
 * Sends one DNS query to one server: the network seam of the resolver. Production uses {@link
 * DnsJavaTransport}; unit tests script answers on virtual time. Implementations are thread-safe.
 */
@FunctionalInterface
public interface DnsTransport {

  /**
   * Sends {@code query} to {@code server}. The stage completes with the response (any rcode) or
   * exceptionally on a network error or the transport's own timeout. The resolver bounds every
   * query with its own timer too, so a stage that never completes is harmless.
   */
  CompletionStage<Message> query(Message query, InetSocketAddress server);
}
