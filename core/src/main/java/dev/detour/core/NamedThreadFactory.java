package dev.detour.core;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates daemon threads named {@code prefix-N}. Every thread Detour starts comes from one of
 * these, so a thread dump names the module that owns each thread. Thread-safe.
 */
public final class NamedThreadFactory implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);

  /**
   * @param prefix the thread name prefix, for example {@code "detour-router-probe"}
   */
  public NamedThreadFactory(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + "-" + next.getAndIncrement());
    thread.setDaemon(true);
    return thread;
  }
}
