package dev.detour.listener.internal;

import dev.detour.router.AddressHealth;
import dev.detour.router.Router;
import dev.detour.router.RouterEventListener;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes on what the router learns about silent addresses to the listener's connection thread: an
 * address whose breaker opened because something on it timed out or stalled (a connect attempt, a
 * probe, the pool's check of a borrowed connection that stopped answering). A LISTEN connection on
 * such an address is likely silent too, and would otherwise be found only by its own heartbeat, up
 * to {@code heartbeatInterval + heartbeatTimeout} later.
 *
 * <p>It follows the router that the last connection came from ({@link #follow}): the shared router
 * can be rebuilt between two connections. Refusals and other failures are not passed on: they reach
 * an established connection as a FIN or an RST, which the listener sees at once. Thread-safe.
 */
final class SilenceWatch {

  private static final Logger LOG = LoggerFactory.getLogger(SilenceWatch.class);

  private volatile Consumer<InetSocketAddress> suspected;
  private Router router; // guarded by this
  private AutoCloseable registration; // guarded by this

  /** Starts passing silent addresses to {@code callback}. */
  void start(Consumer<InetSocketAddress> callback) {
    suspected = callback;
  }

  /**
   * Listens to {@code current}'s events from now on, and to no other router's; does nothing when it
   * is the router already followed.
   */
  synchronized void follow(Router current) {
    if (current == router || suspected == null) {
      return;
    }
    closeRegistration();
    router = current;
    registration = current.addListener(new Events());
  }

  /** Stops listening. Idempotent. */
  synchronized void stop() {
    suspected = null;
    closeRegistration();
    router = null;
  }

  private void closeRegistration() {
    AutoCloseable r = registration;
    registration = null;
    if (r != null) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.debug("removing the router listener failed", e);
      }
    }
  }

  /** Whether a breaker that opened for {@code kind} says the address went silent. */
  static boolean silent(AddressHealth.State to, AddressHealth.FailureKind kind) {
    return to == AddressHealth.State.OPEN && kind != null && kind.isSilence();
  }

  private final class Events implements RouterEventListener {
    @Override
    public void breakerTransition(
        InetSocketAddress address,
        AddressHealth.State from,
        AddressHealth.State to,
        String reason,
        AddressHealth.FailureKind kind) {
      Consumer<InetSocketAddress> c = suspected;
      if (c != null && silent(to, kind)) {
        c.accept(address);
      }
    }
  }
}
