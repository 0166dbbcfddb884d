package dev.detour.resolver.internal;

import dev.detour.resolver.AddressChangeListener;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link AddressChangeListener}s of one resolver, told whenever a host's address set
 * changes (order does not count). Thread-safe; listeners run on the calling thread, outside any
 * resolver lock, and their exceptions are logged.
 */
final class AddressListeners {

  private static final Logger log = LoggerFactory.getLogger(AddressListeners.class);

  private final List<AddressChangeListener> listeners = new CopyOnWriteArrayList<>();

  AutoCloseable add(AddressChangeListener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener: null");
    }
    listeners.add(listener);
    return new Registration(listener);
  }

  /** Removes its listener when closed (a named class: built when a cold JVM's router starts). */
  private final class Registration implements AutoCloseable {
    private final AddressChangeListener listener;

    Registration(AddressChangeListener listener) {
      this.listener = listener;
    }

    @Override
    public void close() {
      listeners.remove(listener);
    }
  }

  /**
   * Tells every listener if the address set of {@code host} went from {@code old} to {@code next}.
   */
  void notifyIfChanged(String host, Snapshot old, Snapshot next) {
    List<InetAddress> before = old.addresses();
    List<InetAddress> after = next.addresses();
    if (SnapshotUpdate.sameSet(before, after)) {
      return;
    }
    for (AddressChangeListener listener : listeners) {
      try {
        listener.onChange(host, before, after);
      } catch (RuntimeException e) {
        log.warn("AddressChangeListener threw for {}", host, e);
      }
    }
  }
}
