package dev.detour.listener.internal;

import dev.detour.listener.ListenerException;
import dev.detour.listener.NotificationHandler;
import dev.detour.listener.Subscription;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One handler on one channel. Its {@link #liveSince()} is the dispatch sequence number of its
 * {@code INITIAL} resync: it receives only events queued after that. Thread-safe.
 */
public final class ListenerSubscription implements Subscription {

  private final String channel;
  private final NotificationHandler handler;
  private final Consumer<ListenerSubscription> onClose;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile long liveSince = -1;

  ListenerSubscription(
      String channel, NotificationHandler handler, Consumer<ListenerSubscription> onClose) {
    this.channel = channel;
    this.handler = handler;
    this.onClose = onClose;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public CompletableFuture<Void> ready() {
    return ready;
  }

  @Override
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /** Returns the handler. */
  NotificationHandler handler() {
    return handler;
  }

  /** Returns the sequence number of its INITIAL resync, or -1 before it was queued. */
  long liveSince() {
    return liveSince;
  }

  /** Returns whether an event with sequence number {@code seq} is for this subscription. */
  boolean receives(long seq) {
    long since = liveSince;
    return since >= 0 && since < seq && !closed.isDone();
  }

  /** Marks the subscription live from {@code seq} and completes {@link #ready()}. */
  void live(long seq) {
    if (liveSince < 0) {
      liveSince = seq;
    }
    ready.complete(null);
  }

  /** Returns whether it is still open. */
  public boolean isOpen() {
    return !closed.isDone();
  }

  @Override
  public void close() {
    if (closed.complete(null)) {
      ready.completeExceptionally(new ListenerException("channel '" + channel + "': closed", null));
      onClose.accept(this);
    }
  }

  /** Ends the subscription because the listener closed or failed (no UNLISTEN needed). */
  void end(Throwable failure) {
    if (failure == null) {
      closed.complete(null);
    } else {
      closed.completeExceptionally(failure);
    }
    ready.completeExceptionally(
        failure != null ? failure : new ListenerException("listener closed", null));
  }

  /** Closes the subscription with {@code failure} (the FAIL overflow policy). */
  void fail(ListenerException failure) {
    if (closed.completeExceptionally(failure)) {
      ready.completeExceptionally(failure);
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + channel + (isOpen() ? "" : ", closed") + "]";
  }
}
