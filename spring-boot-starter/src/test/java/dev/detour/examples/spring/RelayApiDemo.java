package dev.detour.examples.spring;

import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@link RelayApiApplication} on the embedded fleet (embedded PostgreSQL behind 12 addresses
 * of {@code ep-test-123456.neon.test}, served by the testkit's DNS server) and walks through the
 * incident over real HTTP: healthy, 8 of 12 addresses black-holed, every address off, recovery, and
 * {@code POST /actuator/detour} ({@code reset()}). With {@code --serve} it keeps running instead,
 * for {@code curl}.
 *
 * <pre>
 * mvn -B -q -Pspring-demo -pl spring-boot-starter -am package -DskipTests
 * mvn -B -q -Pspring-demo -pl spring-boot-starter -am package -DskipTests -Ddemo.args=--serve
 * </pre>
 */
public final class RelayApiDemo {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  private RelayApiDemo(String base) {
    this.base = base;
  }

  /**
   * Starts the fleet and the service, then runs the walk-through (or serves, with {@code --serve}).
   *
   * @param args {@code --serve} to keep running; other arguments go to Spring Boot
   * @throws Exception if the walk-through fails
   */
  public static void main(String[] args) throws Exception {
    boolean serve = Arrays.asList(args).contains("--serve");
    List<String> bootArgs = new ArrayList<>();
    for (String a : args) {
      if (!a.equals("--serve")) {
        bootArgs.add(a);
      }
    }
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase("relay_api");
    try (NeonLikeFleet fleet = NeonLikeFleet.start(NeonLikeFleet.DEFAULT_SIZE, postgres)) {
      fleet.blackholeFirst(8);
      bootArgs.add("--spring.datasource.url=" + fleet.detourUrl(database));
      bootArgs.add("--spring.datasource.username=" + postgres.user());
      bootArgs.add("--spring.datasource.password=" + postgres.password());
      bootArgs.add("--detour.router.open-delay=500ms");
      bootArgs.add("--detour.router.max-open-delay=2s");
      // the walk-through prints what matters; keep Boot's and Tomcat's logs out of its way
      bootArgs.add("--spring.main.banner-mode=off");
      bootArgs.add("--logging.level.root=WARN");
      bootArgs.add("--logging.level.org.apache.catalina=OFF");
      bootArgs.add("--logging.level.com.zaxxer.hikari=ERROR");
      bootArgs.add("--logging.level.dev.detour=ERROR");
      bootArgs.add("--logging.level.org.springframework.boot.jdbc.health=OFF");
      if (serve) {
        bootArgs.add("--server.port=8080");
      } else {
        bootArgs.add("--server.port=0");
      }
      try (ConfigurableApplicationContext ctx =
          SpringApplication.run(RelayApiApplication.class, bootArgs.toArray(String[]::new))) {
        String port = ctx.getEnvironment().getProperty("local.server.port");
        RelayApiDemo demo = new RelayApiDemo("http://127.0.0.1:" + port);
        if (serve) {
          System.out.println("relay-api on http://127.0.0.1:" + port + " (Ctrl-C stops it)");
          System.out.println("  curl 127.0.0.1:" + port + "/albums");
          System.out.println("  curl 127.0.0.1:" + port + "/actuator/health");
          System.out.println("  curl 127.0.0.1:" + port + "/actuator/detour");
          System.out.println("  curl -X POST 127.0.0.1:" + port + "/actuator/detour");
          Thread.currentThread().join();
        }
        demo.walkThrough(fleet, ctx.getBean(JobWorker.class));
      }
    }
  }

  private void walkThrough(NeonLikeFleet fleet, JobWorker worker) throws Exception {
    System.out.println("== 1. 8 of 12 addresses black-holed since start-up: 120 requests, 5 jobs");
    requests(120);
    for (int i = 0; i < 5; i++) {
      send("POST", "/jobs");
    }
    Awaitility.await().atMost(BOUND).until(() -> worker.processed() >= 5);
    System.out.println("  jobs processed by the @DetourListen worker: " + worker.processed());
    printHealth();
    System.out.println("== 2. Every address off (open connections reset, new ones refused)");
    for (int i = 0; i < fleet.size(); i++) {
      fleet.fault(i, Fault.reset());
    }
    for (int i = 0; i < fleet.size(); i++) {
      fleet.fault(i, Fault.refuse());
    }
    for (int i = 0; i < 4; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = send("GET", "/albums");
      System.out.printf(
          "  GET /albums -> %d in %.1f ms%n", r.statusCode(), (System.nanoTime() - t0) / 1e6);
    }
    printHealth();
    System.out.println("== 3. Faults cleared: background probes re-admit the addresses");
    fleet.clearFaults();
    long t0 = System.nanoTime();
    Awaitility.await().atMost(BOUND).until(() -> healthStatus().equals("UP"));
    System.out.printf("  health UP again after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    requests(30);
    printHealth();
    System.out.println(
        "== 4. POST /actuator/detour (reset(): re-resolve, fresh breakers, soft-evict)");
    Map<String, Object> report =
        JsonParserFactory.getJsonParser().parseMap(send("POST", "/actuator/detour").body());
    System.out.println(
        "  breakersReset="
            + report.get("breakersReset")
            + " idleEvicted="
            + report.get("idleEvicted")
            + " inUseEvicted="
            + report.get("inUseEvicted"));
    requests(30);
  }

  private void requests(int n) throws Exception {
    String[] paths = {"/albums", "/auth/me", "/moderation"};
    int failures = 0;
    long worst = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = send("GET", paths[i % paths.length]);
      worst = Math.max(worst, System.nanoTime() - t0);
      if (r.statusCode() != 200) {
        failures++;
      }
    }
    System.out.printf("  %d requests, %d failed, slowest %.1f ms%n", n, failures, worst / 1e6);
  }

  @SuppressWarnings("unchecked")
  private void printHealth() throws Exception {
    Map<String, Object> health =
        JsonParserFactory.getJsonParser().parseMap(send("GET", "/actuator/health").body());
    Map<String, Object> detour =
        (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("detour");
    Map<String, Object> details = (Map<String, Object>) detour.get("details");
    System.out.println("  /actuator/health detour: " + detour.get("status"));
    if (details.containsKey("reason")) {
      System.out.println("    reason: " + details.get("reason"));
    }
    System.out.println("    pool: " + details.get("pool"));
    Map<String, Object> addresses = (Map<String, Object>) details.get("addresses");
    addresses.forEach(
        (a, h) -> {
          Map<String, Object> one = (Map<String, Object>) h;
          System.out.printf(
              "    %-17s %-9s connections %-2s %s%n",
              a,
              one.get("state"),
              one.getOrDefault("connections", 0),
              "CLOSED".equals(one.get("state")) ? "" : one.getOrDefault("lastFailure", ""));
        });
  }

  @SuppressWarnings("unchecked")
  private String healthStatus() throws Exception {
    Map<String, Object> health =
        JsonParserFactory.getJsonParser().parseMap(send("GET", "/actuator/health").body());
    return String.valueOf(
        ((Map<String, Object>) ((Map<String, Object>) health.get("components")).get("detour"))
            .get("status"));
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(BOUND);
    b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
