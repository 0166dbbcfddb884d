package dev.detour.router.jdbc.internal;

import dev.detour.router.RouterConfig;
import java.sql.DriverPropertyInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Describes the {@code detour.*} settings for {@link java.sql.Driver#getPropertyInfo}. Stateless.
 */
public final class PropertyDocs {

  private static final Map<String, String> ROUTER =
      Map.ofEntries(
          Map.entry(
              "connectBudget",
              "Total time for one physical connection: TCP, TLS, startup and authentication,"
                  + " across every address. Default 10s."),
          Map.entry(
              "attemptDelay", "Stagger between TCP attempts without RTT history. Default 250ms."),
          Map.entry("minAttemptDelay", "Lower bound of the adapted stagger. Default 100ms."),
          Map.entry("maxAttemptDelay", "Upper bound of the adapted stagger. Default 2s."),
          Map.entry(
              "maxConcurrentAttempts",
              "TCP attempts running at once when there is RTT history. Default 3."),
          Map.entry("minAttemptTimeout", "Lower bound of one attempt's timeout. Default 1.5s."),
          Map.entry("maxAttemptTimeout", "Upper bound of one attempt's timeout. Default 4s."),
          Map.entry("openDelay", "How long an address is ejected the first time. Default 2s."),
          Map.entry("maxOpenDelay", "Ceiling of the doubling ejection time. Default 60s."),
          Map.entry("openJitter", "Relative jitter of the ejection time, 0 to 1. Default 0.2."),
          Map.entry(
              "failuresToOpen",
              "Failures in a row, other than timeouts and refusals, that eject an address."
                  + " Default 2."),
          Map.entry(
              "panicThreshold",
              "Healthy fraction under which ejected addresses are tried last. Default 0.5."),
          Map.entry("probe", "Background probe: TCP, SSLREQUEST or OFF. Default SSLREQUEST."),
          Map.entry("probeTimeout", "How long one probe may take. Default 2s."),
          Map.entry("keepAliveIdle", "TCP keepalive idle time. Default 30s."),
          Map.entry("keepAliveInterval", "TCP keepalive interval. Default 10s."),
          Map.entry("keepAliveCount", "TCP keepalive probe count. Default 3."),
          Map.entry("tcpNoDelay", "Whether TCP_NODELAY is set. Default true."));

  private PropertyDocs() {}

  /**
   * Returns one entry per {@code detour.router.*} key, with the value currently given in the URL or
   * {@code info}, and one entry for the {@code detour.resolver.*} family.
   */
  public static DriverPropertyInfo[] describe(DetourUrl url, Properties info) {
    Map<String, String> given = new TreeMap<>();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        given.put(name, info.getProperty(name));
      }
    }
    given.putAll(url.params());
    List<DriverPropertyInfo> out = new ArrayList<>();
    for (String name : RouterConfig.KEYS) {
      String key = RouterConfig.PREFIX + name;
      DriverPropertyInfo p = new DriverPropertyInfo(key, given.get(key));
      p.description = ROUTER.getOrDefault(name, "A router setting; see the Detour router README.");
      p.required = false;
      out.add(p);
    }
    DriverPropertyInfo resolver = new DriverPropertyInfo("detour.resolver.*", null);
    resolver.description =
        "Resolver settings (DNS servers, timeouts, TTL clamp, address family); see the Detour"
            + " resolver README.";
    resolver.required = false;
    out.add(resolver);
    return out.toArray(new DriverPropertyInfo[0]);
  }
}
