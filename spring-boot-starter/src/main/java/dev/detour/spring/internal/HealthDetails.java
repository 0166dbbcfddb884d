package dev.detour.spring.internal;

import dev.detour.core.Durations;
import dev.detour.pool.PoolHealth;
import dev.detour.router.AddressHealth;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Detour's health snapshots into plain maps of strings and numbers, for Actuator's JSON: the
 * same shape in the health contributor and in the {@code detour} endpoint. Stateless.
 */
public final class HealthDetails {

  private HealthDetails() {}

  /** Returns the pool's counts, fast-fail state, last error and every address's health. */
  public static Map<String, Object> of(PoolHealth h) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", h.host() + ":" + h.port());
    out.put("status", h.status().name());
    h.fastFailReason().ifPresent(r -> out.put("reason", r));
    out.put("fastFailOpen", h.fastFailOpen());
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("active", h.active());
    pool.put("idle", h.idle());
    pool.put("waiting", h.waiting());
    pool.put("total", h.total());
    out.put("pool", pool);
    out.put("addresses", addresses(h.addresses(), h.connections()));
    h.lastError().ifPresent(e -> out.put("lastError", e));
    return out;
  }

  /**
   * Returns one entry per address, keyed {@code ip:port}: its breaker state, RTT, failures in a
   * row, last failure, next probe and (when known) the pool's connections on it.
   */
  public static Map<String, Object> addresses(
      List<AddressHealth> addresses, Map<InetSocketAddress, Integer> connections) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (AddressHealth a : addresses) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("state", a.state().name());
      if (a.rttEwmaNanos() > 0) {
        one.put("rtt", Durations.formatNanos(a.rttEwmaNanos()));
      }
      one.put("consecutiveFailures", a.consecutiveFailures());
      a.lastFailure().ifPresent(f -> one.put("lastFailure", f));
      a.lastFailureAt().ifPresent(t -> one.put("lastFailureAt", t.toString()));
      a.nextProbeAt().ifPresent(t -> one.put("nextProbeAt", t.toString()));
      Integer open = connections.get(a.address());
      if (open != null) {
        one.put("connections", open);
      }
      out.put(key(a.address()), one);
    }
    return out;
  }

  private static String key(InetSocketAddress a) {
    String ip = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
  }
}
