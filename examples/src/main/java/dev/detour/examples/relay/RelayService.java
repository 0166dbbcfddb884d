package dev.detour.examples.relay;

import dev.detour.listener.DetourListener;
import dev.detour.listener.ListenerHealth;
import dev.detour.listener.ListenerState;
import dev.detour.listener.micrometer.MicrometerListenerMetrics;
import dev.detour.pool.DetourDataSource;
import dev.detour.pool.DetourDataSourceBuilder;
import dev.detour.pool.PoolHealth;
import dev.detour.pool.ResetReport;
import dev.detour.router.AddressHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The relay-api sample service: the incident's endpoints over {@link DetourDataSource}, a job
 * worker on {@link DetourListener}, {@code /health}, {@code /metrics} and {@code /admin/reset}.
 *
 * <p>Configured from one properties file:
 *
 * <ul>
 *   <li>{@code detour.pool.*}, {@code detour.router.*}, {@code detour.resolver.*} and pgjdbc keys
 *       build the pool ({@link DetourDataSource#fromProperties(Properties)});
 *   <li>the listener uses the pool's URL and login, plus the {@code detour.listener.*}, {@code
 *       detour.router.*} and {@code detour.resolver.*} keys;
 *   <li>{@code relay.host} (default {@code 127.0.0.1}), {@code relay.port} (default 8080; 0 picks a
 *       free port), {@code relay.queue} (default {@code relay}) and {@code relay.threads} (default
 *       16) configure the service itself.
 * </ul>
 */
public final class RelayService implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final DetourDataSource pool;
  private final DetourListener listener;
  private final RelayJobWorker worker;
  private final String queue;
  private final HttpServer http;

  private RelayService(
      PrometheusMeterRegistry registry,
      DetourDataSource pool,
      DetourListener listener,
      RelayJobWorker worker,
      String queue,
      HttpServer http) {
    this.registry = registry;
    this.pool = pool;
    this.listener = listener;
    this.worker = worker;
    this.queue = queue;
    this.http = http;
  }

  /**
   * Starts the pool, the listener with its job worker, and the HTTP server.
   *
   * @param properties the settings, see the class comment
   * @return the running service
   * @throws Exception if a setting is wrong or a part cannot start
   */
  public static RelayService start(Properties properties) throws Exception {
    String host = properties.getProperty("relay.host", "127.0.0.1");
    int port = intValue(properties, "relay.port", 8080, 0, 65535);
    int threads = intValue(properties, "relay.threads", 16, 1, 256);
    String queue = properties.getProperty("relay.queue", "relay");
    JobQueue.channel(queue); // validates the name

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Properties poolProps = new Properties();
    Properties listenerProps = new Properties();
    for (String k : properties.stringPropertyNames()) {
      String v = properties.getProperty(k);
      if (k.startsWith("relay.")) {
        continue;
      }
      if (k.startsWith("detour.listener.")) {
        listenerProps.setProperty(k, v);
      } else if (k.startsWith("detour.pool.")) {
        poolProps.setProperty(k, v);
      } else {
        poolProps.setProperty(k, v);
        listenerProps.setProperty(k, v);
      }
    }
    String url = properties.getProperty("detour.pool.url");
    if (url != null) {
      listenerProps.setProperty("url", url);
    }
    copy(properties, "detour.pool.username", listenerProps, "user");
    copy(properties, "detour.pool.password", listenerProps, "password");
    copy(properties, "detour.pool.passwordFile", listenerProps, "passwordFile");

    DetourDataSource pool = poolWith(poolProps, registry);
    DetourListener listener = null;
    HttpServer http = null;
    try (Connection c = pool.getConnection()) {
      RelaySchema.create(c);
      DetourListener l = listenerWith(listenerProps, registry);
      listener = l;
      RelayJobWorker worker = new RelayJobWorker(pool, queue, "relay-api");
      worker.subscribe(l);
      l.start();
      RelayService[] self = new RelayService[1];
      http = HttpServer.start(new InetSocketAddress(host, port), r -> self[0].route(r), threads);
      self[0] = new RelayService(registry, pool, l, worker, queue, http);
      return self[0];
    } catch (Exception e) {
      if (http != null) {
        http.close();
      }
      if (listener != null) {
        listener.close();
      }
      pool.close();
      throw e;
    }
  }

  private static DetourDataSource poolWith(Properties p, PrometheusMeterRegistry registry) {
    DetourDataSourceBuilder b = DetourDataSource.builder().meterRegistry(registry);
    for (String k : p.stringPropertyNames()) {
      b.property(k, p.getProperty(k));
    }
    return b.build();
  }

  /** The listener, from the properties (knobs included), with its Micrometer meters. */
  private static DetourListener listenerWith(Properties p, PrometheusMeterRegistry registry) {
    return DetourListener.builder()
        .properties(p)
        .metrics(MicrometerListenerMetrics.of(registry))
        .build();
  }

  /**
   * Returns the address the HTTP server listens on.
   *
   * @return the bound address
   */
  public InetSocketAddress address() {
    return http.address();
  }

  HttpServer.Response route(HttpServer.Request r) throws Exception {
    String key = r.method() + " " + r.path();
    switch (key) {
      case "GET /health":
        return health();
      case "GET /metrics":
        return new HttpServer.Response(
            200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      case "POST /admin/reset":
        return reset();
      case "POST /jobs":
        return enqueue(r.param("payload"));
      default:
        break;
    }
    if (r.method().equals("GET")) {
      var endpoint = Endpoint.forPath(r.path());
      if (endpoint.isPresent()) {
        return query(endpoint.get(), r);
      }
    }
    return HttpServer.Response.json(404, Json.error("no route for " + key));
  }

  private HttpServer.Response query(Endpoint e, HttpServer.Request r) {
    int user;
    try {
      user = r.param("user") == null ? 1 : Integer.parseInt(r.param("user"));
    } catch (NumberFormatException ex) {
      return HttpServer.Response.json(
          400, Json.error("user: '" + r.param("user") + "' (expected a number)"));
    }
    if (user < 1 || user > RelaySchema.USERS) {
      return HttpServer.Response.json(
          400, Json.error("user: " + user + " (expected 1 to " + RelaySchema.USERS + ")"));
    }
    try (Connection c = pool.getConnection()) {
      return HttpServer.Response.json(200, Json.write(e.run(c, user)));
    } catch (SQLException ex) {
      return HttpServer.Response.json(503, Json.error(ex.getSQLState() + ": " + ex.getMessage()));
    }
  }

  private HttpServer.Response enqueue(String payload) {
    try (Connection c = pool.getConnection()) {
      long id = JobQueue.enqueue(c, queue, payload == null ? "{}" : payload);
      return HttpServer.Response.json(202, Json.write(Map.of("id", id)));
    } catch (SQLException ex) {
      return HttpServer.Response.json(503, Json.error(ex.getSQLState() + ": " + ex.getMessage()));
    }
  }

  private HttpServer.Response reset() {
    ResetReport report = pool.reset();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("addresses", report.addresses().stream().map(RelayService::text).toList());
    m.put("breakersReset", report.breakersReset());
    m.put("idleEvicted", report.idleEvicted());
    m.put("inUseEvicted", report.inUseEvicted());
    m.put("routerError", report.routerError().orElse(null));
    return HttpServer.Response.json(200, Json.write(m));
  }

  private HttpServer.Response health() {
    PoolHealth p = pool.health();
    ListenerHealth l = listener.health();
    boolean up = p.status() == PoolHealth.Status.UP;
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("status", up ? "UP" : "DOWN");
    if (!up) {
      root.put("reason", p.fastFailReason().orElse(p.lastError().orElse("the pool is closed")));
    }
    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("host", p.host() + ":" + p.port());
    pm.put("active", p.active());
    pm.put("idle", p.idle());
    pm.put("waiting", p.waiting());
    pm.put("total", p.total());
    pm.put("fastFailOpen", p.fastFailOpen());
    pm.put("lastError", p.lastError().orElse(null));
    List<Map<String, Object>> addresses = new ArrayList<>();
    for (AddressHealth a : p.addresses()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("address", text(a.address()));
      am.put("state", a.state().toString());
      am.put("rttMillis", a.rttEwmaNanos() > 0 ? a.rttEwmaNanos() / 1e6 : null);
      am.put("lastFailure", a.lastFailure().orElse(null));
      am.put("connections", p.connections().getOrDefault(a.address(), 0));
      addresses.add(am);
    }
    pm.put("addresses", addresses);
    root.put("pool", pm);
    Map<String, Object> lm = new LinkedHashMap<>();
    ListenerState state = l.state();
    lm.put("state", state.getClass().getSimpleName());
    lm.put("address", l.address().map(RelayService::text).orElse(null));
    lm.put("reconnects", l.reconnects());
    lm.put("sinceLastHeartbeatMillis", l.sinceLastHeartbeat().map(Duration::toMillis).orElse(null));
    root.put("listener", lm);
    Map<String, Object> jm = new LinkedHashMap<>();
    jm.put("queue", queue);
    jm.put("processed", worker.processed());
    jm.put("resyncs", worker.resyncs());
    jm.put("errors", worker.errors());
    root.put("jobs", jm);
    return HttpServer.Response.json(up ? 200 : 503, Json.write(root));
  }

  private static String text(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static void copy(Properties from, String key, Properties to, String as) {
    String v = from.getProperty(key);
    if (v != null) {
      to.setProperty(as, v);
    }
  }

  private static int intValue(Properties p, String key, int dflt, int min, int max) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        key + ": '" + v + "' (expected a whole number from " + min + " to " + max + ")");
  }

  /** Stops the HTTP server, the listener and the pool. */
  @Override
  public void close() {
    http.close();
    listener.close(Duration.ofSeconds(5));
    pool.close();
    registry.close();
  }
}
