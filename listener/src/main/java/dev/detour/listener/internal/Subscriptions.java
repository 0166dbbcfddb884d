package dev.detour.listener.internal;

import dev.detour.listener.NotificationHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The subscriptions of one listener, by channel: what the connection thread must be listening to.
 * Any thread may add or remove; the connection thread compares {@link #channels()} with what it has
 * listened and sends the difference. Thread-safe.
 */
public final class Subscriptions {

  private final Map<String, List<ListenerSubscription>> byChannel = new LinkedHashMap<>();
  private final Runnable changed;
  private boolean closed;

  /**
   * @param changed called (outside the lock) after every change, to wake the connection thread
   */
  public Subscriptions(Runnable changed) {
    this.changed = changed;
  }

  /**
   * Adds a subscription.
   *
   * @throws IllegalStateException if the listener is closed
   */
  public ListenerSubscription add(String channel, NotificationHandler handler) {
    ListenerSubscription s = new ListenerSubscription(channel, handler, this::remove);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("listener is closed (expected: subscribe before close)");
      }
      byChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(s);
    }
    changed.run();
    return s;
  }

  private void remove(ListenerSubscription s) {
    synchronized (this) {
      List<ListenerSubscription> list = byChannel.get(s.channel());
      if (list == null || !list.remove(s)) {
        return;
      }
      if (list.isEmpty()) {
        byChannel.remove(s.channel());
      }
    }
    changed.run();
  }

  /** Returns the channels that have at least one subscription, sorted. */
  public synchronized Set<String> channels() {
    return new TreeSet<>(byChannel.keySet());
  }

  /** Returns the subscriptions of {@code channel}, a copy. */
  public synchronized List<ListenerSubscription> of(String channel) {
    List<ListenerSubscription> list = byChannel.get(channel);
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Returns every subscription, a copy. */
  public synchronized List<ListenerSubscription> all() {
    List<ListenerSubscription> out = new ArrayList<>();
    byChannel.values().forEach(out::addAll);
    return out;
  }

  /** Refuses new subscriptions and ends every one with {@code failure} (null: normally). */
  public void closeAll(Throwable failure) {
    List<ListenerSubscription> ending;
    synchronized (this) {
      closed = true;
      ending = all();
      byChannel.clear();
    }
    ending.forEach(s -> s.end(failure));
  }
}
