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
    Thread thread = factory.newThread(task);
    live.removeIf(t -> !t.isAlive());
    live.add(thread);
    thread.start();
    return thread;
  }

  /**
   * Waits up to {@code timeoutMillis} in total for every thread started here to terminate.
   *
   * @return whether all terminated
   */
  public boolean awaitAll(long timeoutMillis) throws InterruptedException {
    Ticker ticker = Ticker.system();
    long deadline = ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    // Loop: a thread may start one more (a pump) just before it ends; it is tracked by then.
    while (true) {
      live.removeIf(t -> !t.isAlive());
      if (live.isEmpty()) {
        return true;
      }
      for (Thread thread : Set.copyOf(live)) {
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - ticker.nanoTime());
        if (leftMillis <= 0) {
          return live.stream().noneMatch(Thread::isAlive);
        }
        thread.join(leftMillis);
      }
    }
  }
}
