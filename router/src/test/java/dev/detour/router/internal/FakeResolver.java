package dev.detour.router.internal;

import dev.detour.resolver.AddressChangeListener;
import dev.detour.resolver.AddressSource;
import dev.detour.resolver.HostResolver;
import dev.detour.resolver.ResolvedHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A resolver with a fixed, changeable answer per host, answering at once (a warm cache). */
public final class FakeResolver implements HostResolver {

  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  private final List<AddressChangeListener> listeners = new CopyOnWriteArrayList<>();
  final AtomicInteger resolves = new AtomicInteger();
  private long generation;
  boolean closed;

  /** When set, resolveAsync answers only once this completes (a slow DNS). */
  volatile CompletableFuture<Void> gate;

  /** Sets the answer for {@code host}; if it changed, tells the listeners (as a refresh would). */
  public void set(String host, List<InetAddress> addresses) {
    List<InetAddress> previous = answers.put(host, List.copyOf(addresses));
    generation++;
    if (previous != null && !previous.equals(addresses)) {
      listeners.forEach(l -> l.onChange(host, previous, List.copyOf(addresses)));
    }
  }

  /** Sets the answer silently: only the next resolve sees it. */
  public void setQuietly(String host, List<InetAddress> addresses) {
    answers.put(host, List.copyOf(addresses));
    generation++;
  }

  @Override
  public ResolvedHost resolve(String host) throws UnknownHostException {
    resolves.incrementAndGet();
    List<InetAddress> a = answers.get(host);
    if (a == null || a.isEmpty()) {
      throw new UnknownHostException(host + ": no address (fake)");
    }
    return new ResolvedHost(host, a, AddressSource.DNS, 0, Long.MAX_VALUE, generation);
  }

  @Override
  public CompletableFuture<ResolvedHost> resolveAsync(String host) {
    CompletableFuture<Void> g = gate;
    if (g != null) {
      return g.thenCompose(v -> resolveAsyncNow(host));
    }
    return resolveAsyncNow(host);
  }

  private CompletableFuture<ResolvedHost> resolveAsyncNow(String host) {
    try {
      return CompletableFuture.completedFuture(resolve(host));
    } catch (UnknownHostException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public AutoCloseable addListener(AddressChangeListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public int listenerCount() {
    return listeners.size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
