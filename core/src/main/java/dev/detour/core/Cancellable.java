package dev.detour.core;

/** A handle to a task scheduled with {@link Scheduler#schedule}. Thread-safe. */
@FunctionalInterface
public interface Cancellable {

  /**
   * Cancels the task if it has not started yet.
   *
   * @return {@code true} if this call prevented the task from running
   */
  boolean cancel();
}
