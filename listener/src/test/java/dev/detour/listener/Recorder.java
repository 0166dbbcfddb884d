package dev.detour.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A handler that records every call, in order, as {@link Notification} or {@link Resync}. */
class Recorder implements NotificationHandler {

  private final List<Object> events = new ArrayList<>();
  private final Consumer<Notification> onNotification;

  Recorder() {
    this(n -> {});
  }

  Recorder(Consumer<Notification> onNotification) {
    this.onNotification = onNotification;
  }

  @Override
  public void onNotification(Notification n) {
    synchronized (this) {
      events.add(n);
    }
    onNotification.accept(n);
  }

  @Override
  public synchronized void onResync(Resync r) {
    events.add(r);
  }

  synchronized List<Object> events() {
    return new ArrayList<>(events);
  }

  synchronized List<Notification> notifications() {
    List<Notification> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Notification) {
        out.add((Notification) e);
      }
    }
    return out;
  }

  synchronized List<Resync> resyncs() {
    List<Resync> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Resync) {
        out.add((Resync) e);
      }
    }
    return out;
  }

  synchronized long count(Resync.Reason reason) {
    return resyncs().stream().filter(r -> r.reason() == reason).count();
  }
}
