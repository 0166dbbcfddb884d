package dev.detour.testkit.proxy.internal;

import dev.detour.core.NamedThreadFactory;
import dev.detour.core.Ticker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts and tracks the proxy's threads: daemon threads named {@code
 * detour-testkit-proxy-<role>-N}, so that closing the fleet can wait for every one of them to end.
 * Thread-safe.
 */
public final class ProxyThreads {

  private static final String PREFIX = "detour-testkit-proxy-";

  private final ConcurrentMap<String, NamedThreadFactory> factories = new ConcurrentHashMap<>();
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();

  /** Starts {@code task} on a new thread named {@code detour-testkit-proxy-<role>-N}. */
  Thread start(String role, Runnable task) {
    NamedThreadFactory factory =
        factories.computeIfAbsent(role, r -> new NamedThreadFactory(PREFIX + r));
    Thread[] self = new Thread[1];
    self[0] =
        factory.newThread(
            () -> {
              try {
                task.run();
              } finally {
                live.remove(self[0]);
              }
            });
    live.add(self[0]);
    self[0].start();
    return self[0];
  }

  /**
   * Waits up to {@code timeoutMillis} in total for every tracked thread to end.
   *
   * @return whether all ended
   */
  public boolean awaitAll(long timeoutMillis) throws InterruptedException {
    Ticker ticker = Ticker.system();
    long deadline = ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (Thread thread : Set.copyOf(live)) {
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - ticker.nanoTime());
      if (leftMillis <= 0) {
        break;
      }
      thread.join(leftMillis);
    }
    return live.isEmpty();
  }
}
