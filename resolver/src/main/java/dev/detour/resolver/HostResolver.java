package dev.detour.resolver;

import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a host name into an ordered, cached set of addresses: fast on a warm cache, bounded in
 * time, and still answering (with stale data) when DNS is down.
 *
 * <p>Obtain one from {@link #builder()}. Implementations are thread-safe; one resolver is meant to
 * be shared by every router in a process.
 */
public interface HostResolver extends AutoCloseable {

  /**
   * Resolves {@code host}, blocking at most for the resolver's total timeout (default 4 s) plus a
   * few milliseconds.
   *
   * <p>IP literals return at once with source {@link AddressSource#LITERAL}; hosts-file entries
   * with {@link AddressSource#HOSTS_FILE}; a warm cache entry returns without any query.
   *
   * @param host the host name
   * @return the host's addresses, in the configured order
   * @throws IllegalArgumentException if {@code host} is null, empty or not a valid host name
   * @throws UnresolvableHostException if no address could be found and no stale answer is held
   */
  ResolvedHost resolve(String host) throws UnknownHostException;

  /**
   * The asynchronous form of {@link #resolve(String)}. The future completes within the total
   * timeout, exceptionally with an {@link UnknownHostException} or {@link
   * IllegalArgumentException}.
   *
   * @param host the host name
   * @return a future of the host's addresses
   */
  CompletableFuture<ResolvedHost> resolveAsync(String host);

  /**
   * Registers {@code listener} to hear every change of a cached host's address set.
   *
   * @param listener the listener
   * @return a handle whose {@code close()} unregisters the listener
   */
  AutoCloseable addListener(AddressChangeListener listener);

  /** Stops background refreshes and releases the resolver's threads. Idempotent. */
  @Override
  void close();

  /**
   * Returns a builder with every default from the README.
   *
   * @return a builder with every default from the README
   */
  static HostResolverBuilder builder() {
    return new HostResolverBuilder();
  }
}
