package dev.detour.spring;

import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import dev.detour.pool.ResetReport;
import dev.detour.router.AddressHealth;
import dev.detour.spring.internal.HealthDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code /actuator/detour}.
 *
 * <ul>
 *   <li>Read ({@code GET}): the router's health of every address of the pool's host, the pool's
 *       counts, fast-fail state and last error, and the listener's state.
 *   <li>Write ({@code POST}): {@link DetourDataSource#reset()}: re-resolve the host, reset its
 *       breakers (probes run at once) and soft-evict every connection. Returns what it did.
 * </ul>
 *
 * <p>The write operation changes a running pool, so the endpoint's default access is read-only: set
 * {@code management.endpoint.detour.access=unrestricted} to allow {@code POST}, and expose it with
 * {@code management.endpoints.web.exposure.include=health,detour}. Thread-safe.
 */
@Endpoint(id = "detour", defaultAccess = Access.READ_ONLY)
public class DetourEndpoint {

  private final DetourDataSource dataSource;
  private final DetourListener listener;

  /**
   * Creates the endpoint.
   *
   * @param dataSource the application's pool, or null if there is none
   * @param listener the application's listener, or null if there is none
   */
  public DetourEndpoint(DetourDataSource dataSource, DetourListener listener) {
    this.dataSource = dataSource;
    this.listener = listener;
  }

  /**
   * Returns the router's per-address health of each host in use, the pool's state and the
   * listener's.
   *
   * @return a JSON-ready map
   */
  @ReadOperation
  public Map<String, Object> health() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (dataSource != null) {
      out.put("pool", HealthDetails.of(dataSource.health()));
      List<AddressHealth> addresses =
          dataSource.router().health(dataSource.host(), dataSource.port());
      Map<String, Object> hosts = new LinkedHashMap<>();
      hosts.put(
          dataSource.host() + ":" + dataSource.port(),
          HealthDetails.addresses(addresses, Map.of()));
      out.put("hosts", hosts);
    }
    if (listener != null) {
      out.put("listener", DetourHealthIndicator.listenerDetails(listener.health()));
    }
    return out;
  }

  /**
   * Resets the pool: re-resolves its host, resets the host's breakers and soft-evicts every
   * connection (idle ones at once, busy ones on return).
   *
   * @return what the reset did
   * @throws IllegalStateException if the application has no {@link DetourDataSource}
   */
  @WriteOperation
  public Map<String, Object> reset() {
    if (dataSource == null) {
      throw new IllegalStateException(
          "reset: no DetourDataSource in this application (expected spring.datasource.url"
              + " starting with jdbc:detour: or detour.pool.enabled=true)");
    }
    ResetReport report = dataSource.reset();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", dataSource.host() + ":" + dataSource.port());
    out.put("addresses", report.addresses().stream().map(Object::toString).toList());
    out.put("breakersReset", report.breakersReset());
    out.put("idleEvicted", report.idleEvicted());
    out.put("inUseEvicted", report.inUseEvicted());
    report.routerError().ifPresent(e -> out.put("routerError", e));
    out.put("before", HealthDetails.addresses(report.before(), Map.of()));
    return out;
  }
}
