package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.listener.ListenerHealth;
import dev.detour.listener.ListenerState;
import dev.detour.pool.DetourDataSource;
import dev.detour.pool.PoolHealth;
import dev.detour.spring.internal.HealthDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's {@code detour} health contributor: UP while the pool's host has a healthy address,
 * DOWN with the router's reason while its fast-fail is open (every address failing) or while the
 * listener has given up. Details carry the pool's counts and every address's breaker state, RTT and
 * last failure, and the listener's state.
 *
 * <p>Reading it never touches the network: it reports the router's and the pool's last knowledge.
 * Thread-safe.
 */
public class DetourHealthIndicator implements HealthIndicator {

  private final DetourDataSource dataSource;
  private final DetourListener listener;

  /**
   * Creates the indicator.
   *
   * @param dataSource the application's pool, or null if there is none
   * @param listener the application's listener, or null if there is none
   */
  public DetourHealthIndicator(DetourDataSource dataSource, DetourListener listener) {
    this.dataSource = dataSource;
    this.listener = listener;
  }

  @Override
  public Health health() {
    boolean up = true;
    String reason = null;
    Map<String, Object> details = new LinkedHashMap<>();
    if (dataSource != null) {
      PoolHealth pool = dataSource.health();
      details.putAll(HealthDetails.of(pool));
      if (pool.status() != PoolHealth.Status.UP) {
        up = false;
        reason =
            pool.fastFailReason()
                .or(pool::lastError)
                .orElse("pool " + pool.host() + ":" + pool.port() + " is down");
      }
    }
    if (listener != null) {
      ListenerHealth lh = listener.health();
      details.put("listener", listenerDetails(lh));
      if (lh.state() instanceof ListenerState.Failed failed) {
        up = false;
        reason = reason != null ? reason : "listener failed: " + failed.cause();
      }
    }
    Health.Builder b = up ? Health.up() : Health.down();
    if (reason != null) {
      b.withDetail("reason", reason);
    }
    return b.withDetails(details).build();
  }

  static Map<String, Object> listenerDetails(ListenerHealth lh) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", lh.state().toString());
    lh.address().ifPresent(a -> out.put("address", a.toString()));
    lh.lastHeartbeatRoundTrip().ifPresent(d -> out.put("lastHeartbeatRoundTrip", d.toString()));
    lh.sinceLastNotification().ifPresent(d -> out.put("sinceLastNotification", d.toString()));
    out.put("queuedNotifications", lh.queuedNotifications());
    out.put("reconnects", lh.reconnects());
    return out;
  }
}
