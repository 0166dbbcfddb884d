package dev.detour.listener.internal;

import dev.detour.listener.ListenerMetrics;
import dev.detour.listener.ListenerState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's current state and its observers. Once terminal (failed or closed), the state never
 * changes again. Observers run on the thread that changes the state; an exception thrown by one is
 * logged at WARN and ignored. Thread-safe.
 */
public final class StateTracker {

  private static final Logger LOG = LoggerFactory.getLogger(StateTracker.class);

  private final List<Consumer<ListenerState>> observers = new CopyOnWriteArrayList<>();
  private final ListenerMetrics metrics;
  private final String name;
  private volatile ListenerState state = new ListenerState.Connecting();

  /**
   * @param name the listener's name, for logs
   */
  public StateTracker(String name, ListenerMetrics metrics) {
    this.name = name;
    this.metrics = metrics;
  }

  /** Returns the current state. */
  public ListenerState get() {
    return state;
  }

  /**
   * Moves to {@code next} unless the state is already terminal.
   *
   * @return whether the state changed
   */
  public boolean set(ListenerState next) {
    synchronized (this) {
      if (state.isTerminal()) {
        return false;
      }
      state = next;
    }
    try {
      metrics.stateChanged(next);
    } catch (RuntimeException e) {
      LOG.debug("metrics failed", e);
    }
    for (Consumer<ListenerState> o : observers) {
      try {
        o.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("{}: a state listener threw", name, e);
      }
    }
    // logged after the observers are told: the log's I/O must not delay them
    if (next instanceof ListenerState.Disconnected || next instanceof ListenerState.Failed) {
      LOG.info("{}: {}", name, next);
    } else {
      LOG.debug("{}: {}", name, next);
    }
    return true;
  }

  /** Adds an observer; the returned handle removes it. */
  public AutoCloseable add(Consumer<ListenerState> observer) {
    observers.add(observer);
    return () -> observers.remove(observer);
  }
}
