package dev.detour.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.pool.DetourDataSource;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The relay-api sample on the starter, end to end: embedded PostgreSQL behind a {@link
 * NeonLikeFleet} of 12 addresses, 8 of them black-holed from before the application starts;
 * requests through the application's {@code JdbcTemplate}; {@code /actuator/health} and {@code
 * /actuator/detour} over real HTTP; every address off, then back.
 *
 * <p>The steps share one application and one fleet, as the incident did, so they run in order: what
 * the router learned at start-up (the 8 black-holed addresses ejected) is checked before the last
 * step turns every address off and back on.
 */
@SpringBootTest(
    classes = RelayApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayApiIT {

  /** Black-holed addresses: indexes 0..7 (127.0.0.11..18); 8..11 stay healthy. */
  private static final int BLACKHOLED = 8;

  /**
   * How long the router may take to learn an address's state: the connect budget (10 s, which a
   * black-holed dial can use up) plus one probe timeout (2 s), plus a 10 s margin for a loaded
   * 2-core machine.
   */
  private static final Duration LEARN_BOUND = Duration.ofSeconds(22);

  /**
   * How long recovery may take once faults clear: the longest open time configured below (2 s) plus
   * one probe timeout (2 s), plus a 10 s margin for load.
   */
  private static final Duration RECOVER_BOUND = Duration.ofSeconds(14);

  private static final TestPostgres POSTGRES = TestPostgres.shared();
  private static final NeonLikeFleet FLEET = startFleet();
  private static final String DATABASE = POSTGRES.createDatabase("relay_api_it");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired DetourDataSource dataSource;
  @Autowired JobWorker worker;

  private static NeonLikeFleet startFleet() {
    NeonLikeFleet fleet = NeonLikeFleet.start(NeonLikeFleet.DEFAULT_SIZE, POSTGRES);
    fleet.blackholeFirst(BLACKHOLED);
    return fleet;
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> FLEET.detourUrl(DATABASE));
    registry.add("spring.datasource.username", POSTGRES::user);
    registry.add("spring.datasource.password", POSTGRES::password);
    registry.add("detour.router.open-delay", () -> "500ms");
    registry.add("detour.router.max-open-delay", () -> "2s");
  }

  @AfterAll
  static void stopFleet() {
    FLEET.close();
  }

  @Test
  @Order(1)
  void jdbcTemplateRequestsAllSucceedWhileEightOfTwelveAddressesAreBlackholed() {
    for (int i = 0; i < 200; i++) {
      assertThat(jdbc.queryForObject("SELECT count(*) FROM albums", Long.class)).isEqualTo(20L);
    }
    for (String path : List.of("/albums", "/auth/me", "/moderation")) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  @Order(2)
  @SuppressWarnings("unchecked")
  void healthOverHttpShowsEveryAddressAndThePoolsConnectionsOnlyOnHealthyOnes() {
    await()
        .atMost(LEARN_BOUND)
        .untilAsserted(
            () -> {
              Map<String, Object> detour = detourHealth();
              assertThat(detour.get("status")).isEqualTo("UP");
              Map<String, Object> details = (Map<String, Object>) detour.get("details");
              assertThat(details.get("host")).isEqualTo(FLEET.hostName() + ":" + FLEET.port());
              assertThat((Map<String, Object>) details.get("pool"))
                  .containsKeys("active", "idle", "waiting", "total");
              Map<String, Object> addresses = (Map<String, Object>) details.get("addresses");
              assertThat(addresses).hasSize(FLEET.size());
              for (int i = 0; i < FLEET.size(); i++) {
                Map<String, Object> a =
                    (Map<String, Object>)
                        addresses.get(FLEET.addresses().get(i) + ":" + FLEET.port());
                assertThat(a).as("address %d", i).isNotNull();
                if (i < BLACKHOLED) {
                  assertThat(a.get("state")).as("black-holed address %d", i).isNotEqualTo("CLOSED");
                  assertThat(a.getOrDefault("connections", 0)).as("address %d", i).isEqualTo(0);
                } else {
                  assertThat(a.get("state")).as("healthy address %d", i).isEqualTo("CLOSED");
                }
              }
            });
  }

  @Test
  @Order(5)
  @SuppressWarnings("unchecked")
  void everyAddressOffMakesHealthDownWithTheReasonAndRecoveryMakesItUp() {
    for (int i = 0; i < FLEET.size(); i++) {
      FLEET.fault(i, Fault.reset()); // open connections break
    }
    for (int i = 0; i < FLEET.size(); i++) {
      FLEET.fault(i, Fault.refuse()); // new ones are refused
    }
    await()
        .atMost(LEARN_BOUND)
        .untilAsserted(
            () -> {
              get("/albums"); // traffic makes the pool find out; its status does not matter here
              HttpResponse<String> health = get("/actuator/health");
              assertThat(health.statusCode()).isEqualTo(503);
              Map<String, Object> detour = detourHealth();
              assertThat(detour.get("status")).isEqualTo("DOWN");
              Map<String, Object> details = (Map<String, Object>) detour.get("details");
              assertThat((String) details.get("reason")).contains(FLEET.hostName());
              assertThat(details.get("fastFailOpen")).isEqualTo(true);
            });

    FLEET.clearFaults();
    await()
        .atMost(RECOVER_BOUND)
        .untilAsserted(() -> assertThat(detourHealth().get("status")).isEqualTo("UP"));
    assertThat(get("/albums").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void jobsNotifiedThroughTheDatabaseReachTheDetourListenWorker() {
    long before = worker.processed();
    for (int i = 0; i < 5; i++) {
      assertThat(post("/jobs").statusCode()).isEqualTo(200);
    }
    await().atMost(LEARN_BOUND).until(() -> worker.processed() >= before + 5);
    assertThat(worker.resyncs()).as("the INITIAL resync came first").isGreaterThanOrEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs WHERE done_at IS NULL", Long.class))
        .isZero();
  }

  @Test
  @Order(4)
  @SuppressWarnings("unchecked")
  void postToTheDetourEndpointResetsThePool() {
    Map<String, Object> read =
        JsonParserFactory.getJsonParser().parseMap(get("/actuator/detour").body());
    assertThat((Map<String, Object>) read.get("hosts"))
        .containsKey(FLEET.hostName() + ":" + FLEET.port());
    HttpResponse<String> reset = post("/actuator/detour");
    assertThat(reset.statusCode()).isEqualTo(200);
    Map<String, Object> report = JsonParserFactory.getJsonParser().parseMap(reset.body());
    assertThat(report).containsKeys("breakersReset", "idleEvicted", "inUseEvicted");
    assertThat(report.get("host")).isEqualTo(dataSource.host() + ":" + dataSource.port());
    assertThat(get("/albums").statusCode()).isEqualTo(200);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> detourHealth() {
    Map<String, Object> health =
        JsonParserFactory.getJsonParser().parseMap(get("/actuator/health").body());
    return (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("detour");
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
