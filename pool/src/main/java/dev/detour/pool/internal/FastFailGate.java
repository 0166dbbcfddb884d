package dev.detour.pool.internal;

import dev.detour.router.AddressHealth;
import dev.detour.router.Router;
import java.util.List;

/**
 * Whether the router's host fast-fail is open for the pool's host: every address's breaker open.
 *
 * <p>Cheap while closed (one volatile read). It opens when the router reports a fast-fail, or when
 * a breaker transition leaves every address open; while open, each {@link #check()} asks the router
 * again, so it closes as soon as one address is half-open or closed (a probe succeeded, or its open
 * time passed). When it opens, the borrowers already waiting in Hikari are released ({@link
 * AcquireWaiters}), so that they too fail fast instead of waiting out the acquire timeout.
 * Thread-safe.
 */
public final class FastFailGate {

  private final Router router;
  private final String host;
  private final int port;
  private final AcquireWaiters waiters;
  private volatile String reason;

  /**
   * A gate for {@code host:port} of {@code router}, closed.
   *
   * @param waiters the borrowers waiting in Hikari, released whenever the gate opens
   */
  public FastFailGate(Router router, String host, int port, AcquireWaiters waiters) {
    this.router = router;
    this.host = host;
    this.port = port;
    this.waiters = waiters;
  }

  /** The router fast-failed with {@code routerReason}. */
  public void opened(String routerReason) {
    boolean wasOpen = reason != null;
    reason = routerReason;
    if (!wasOpen) { // on the edge only: a fast-fail of every connect would churn the waiters
      waiters.releaseAll();
    }
  }

  /** Re-reads the router's health after a breaker transition. */
  public void recheck() {
    List<AddressHealth> health = router.health(host, port);
    if (!allOpen(health)) {
      reason = null;
    } else if (reason == null) {
      reason = describe(health);
      waiters.releaseAll();
    }
  }

  /** Forgets the state (after a reset). */
  public void clear() {
    reason = null;
  }

  /** Returns the router's reason while every address is open, or null. */
  public String check() {
    String r = reason;
    if (r == null) {
      return null;
    }
    if (allOpen(router.health(host, port))) {
      return r;
    }
    reason = null;
    return null;
  }

  /** Returns whether every address of {@code health} is open (false if there is none). */
  public static boolean allOpen(List<AddressHealth> health) {
    if (health.isEmpty()) {
      return false;
    }
    for (AddressHealth h : health) {
      if (h.state() != AddressHealth.State.OPEN) {
        return false;
      }
    }
    return true;
  }

  private String describe(List<AddressHealth> health) {
    StringBuilder sb =
        new StringBuilder(host).append(':').append(port).append(": every address is open (");
    int shown = 0;
    for (AddressHealth h : health) {
      if (shown++ > 0) {
        sb.append(", ");
      }
      sb.append(h.address().getAddress().getHostAddress())
          .append(' ')
          .append(h.lastFailure().orElse("failed"));
    }
    return sb.append(')').toString();
  }
}
