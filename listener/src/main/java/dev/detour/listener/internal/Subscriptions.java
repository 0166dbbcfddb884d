package dev.detour.listener.internal;

import dev.detour.listener.NotificationHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of one listener, by channel: what the connection thread must be listening to.
 * Any thread may add or remove; the connection thread compares {@link #channels()} with what it has
 * listened and sends the difference. Thread-safe.
 */
public final class Subscriptions {

  // copy-on-write lists: the dispatcher reads a channel's subscriptions for every event, lock-free
  private final Map<String, List<ListenerSubscription>> byChannel = new ConcurrentHashMap<>();
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
      List<ListenerSubscription> list = new ArrayList<>(byChannel.getOrDefault(channel, List.of()));
      list.add(s);
      byChannel.put(channel, List.copyOf(list));
    }
    changed.run();
    return s;
  }

  private void remove(ListenerSubscription s) {
    synchronized (this) {
      List<ListenerSubscription> list =
          new ArrayList<>(byChannel.getOrDefault(s.channel(), List.of()));
      if (!list.remove(s)) {
        return;
      }
      if (list.isEmpty()) {
        byChannel.remove(s.channel());
      } else {
        byChannel.put(s.channel(), List.copyOf(list));
      }
    }
    changed.run();
  }

  /** Returns the channels that have at least one subscription, sorted. */
  public synchronized Set<String> channels() {
    return new TreeSet<>(byChannel.keySet());
  }

  /** Returns the subscriptions of {@code channel}, an immutable snapshot. */
  public List<ListenerSubscription> of(String channel) {
    return byChannel.getOrDefault(channel, List.of());
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
