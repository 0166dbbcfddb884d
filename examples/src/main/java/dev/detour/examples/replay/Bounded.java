package dev.detour.examples.replay;

import dev.detour.core.NamedThreadFactory;

/** Runs a call that might block on a daemon thread and waits for it at most a given time. */
final class Bounded {

  private Bounded() {}

  /**
   * Runs {@code task} on a new daemon thread named {@code name} and waits up to {@code millis}.
   *
   * @return whether it finished in time (if not, it is left running)
   */
  static boolean run(String name, Runnable task, long millis) {
    Thread t = new NamedThreadFactory(name).newThread(task);
    t.start();
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }
}
