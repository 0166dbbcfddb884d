package dev.detour.router.internal;

import dev.detour.router.AddressHealth;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RouterEventListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans router events out to the registered listeners, isolating the router from their failures.
 *
 * <p>Events are never sent while the router holds one of its locks: code that raises events under a
 * lock brackets the locked section with {@link #hold()} and {@link #release()}, and the events of
 * this thread are queued until the outermost {@code release()}, which sends them in order. A
 * listener may therefore call back into the router (for example {@link
 * dev.detour.router.Router#health}) without risking a lock-order deadlock.
 *
 * <p>Each event checks for a listener before it builds the call to send: a router nobody listens to
 * (the driver's) then links none of these lambdas, which a cold JVM's first connect would pay for.
 * Thread-safe.
 */
public final class RouterEvents implements RouterEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(RouterEvents.class);

  private final CopyOnWriteArrayList<RouterEventListener> listeners = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Held> held = new HeldPerThread();

  /** Each thread's {@link Held} (a named class, not a lambda: built with every router). */
  private static final class HeldPerThread extends ThreadLocal<Held> {
    @Override
    protected Held initialValue() {
      return new Held();
    }
  }

  /** This thread's events queued while it holds router locks. */
  private static final class Held {
    int depth;
    List<Runnable> queue = new ArrayList<>();
  }

  /** Queues this thread's events until the matching {@link #release()}. Nestable. */
  public void hold() {
    held.get().depth++;
  }

  /** Ends a {@link #hold()}; the outermost one sends the queued events, in order. */
  public void release() {
    Held h = held.get();
    if (--h.depth > 0) {
      return;
    }
    while (!h.queue.isEmpty()) {
      List<Runnable> batch = h.queue;
      h.queue = new ArrayList<>();
      batch.forEach(Runnable::run);
    }
  }

  /** Adds {@code listener}; the returned handle removes it. */
  public AutoCloseable add(RouterEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void each(Consumer<RouterEventListener> call) {
    if (listeners.isEmpty()) {
      return; // nobody listens: nothing to queue (a listener added later hears later events)
    }
    Held h = held.get();
    if (h.depth > 0) {
      h.queue.add(() -> send(call));
      return;
    }
    send(call);
  }

  private void send(Consumer<RouterEventListener> call) {
    for (RouterEventListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.debug("router event listener {} failed", l, e);
      }
    }
  }

  @Override
  public void connectStart(String host, int port) {
    if (!listeners.isEmpty()) {
      each(l -> l.connectStart(host, port));
    }
  }

  @Override
  public void connectEnd(
      String host,
      int port,
      Optional<InetSocketAddress> chosen,
      List<AttemptOutcome> attempts,
      Throwable failure,
      long elapsedNanos) {
    if (!listeners.isEmpty()) {
      each(l -> l.connectEnd(host, port, chosen, attempts, failure, elapsedNanos));
    }
  }

  @Override
  public void attemptStart(String host, InetSocketAddress address, long timeoutNanos) {
    if (!listeners.isEmpty()) {
      each(l -> l.attemptStart(host, address, timeoutNanos));
    }
  }

  @Override
  public void attemptEnd(String host, AttemptOutcome outcome) {
    if (!listeners.isEmpty()) {
      each(l -> l.attemptEnd(host, outcome));
    }
  }

  @Override
  public void raceWon(String host, InetSocketAddress address, int attempts, long elapsedNanos) {
    if (!listeners.isEmpty()) {
      each(l -> l.raceWon(host, address, attempts, elapsedNanos));
    }
  }

  @Override
  public void fastFail(String host, int port, NoHealthyAddressException exception) {
    if (!listeners.isEmpty()) {
      each(l -> l.fastFail(host, port, exception));
    }
  }

  @Override
  public void breakerTransition(
      InetSocketAddress address,
      AddressHealth.State from,
      AddressHealth.State to,
      String reason,
      AddressHealth.FailureKind kind) {
    if (!listeners.isEmpty()) {
      each(l -> l.breakerTransition(address, from, to, reason, kind));
    }
  }

  @Override
  public void probeResult(
      InetSocketAddress address, boolean healthy, long durationNanos, String detail) {
    if (!listeners.isEmpty()) {
      each(l -> l.probeResult(address, healthy, durationNanos, detail));
    }
  }

  @Override
  public void connectionReady(String host, InetSocketAddress address, long elapsedNanos) {
    if (!listeners.isEmpty()) {
      each(l -> l.connectionReady(host, address, elapsedNanos));
    }
  }

  @Override
  public void connectionFailed(String host, InetSocketAddress address, String reason) {
    if (!listeners.isEmpty()) {
      each(l -> l.connectionFailed(host, address, reason));
    }
  }

  @Override
  public void addressesRemoved(String host, int port, List<InetSocketAddress> removed) {
    if (!listeners.isEmpty()) {
      each(l -> l.addressesRemoved(host, port, removed));
    }
  }
}
