package dev.detour.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detour.testkit.proxy.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The relay-api over real HTTP, on the embedded database behind the 12-address lab fleet. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayApiIT {

  /**
   * How long the router may take to open every breaker once all addresses refuse: the listener's
   * reconnect attempts and our requests hit refusals at once, so a few seconds suffice; the rest is
   * margin for a busy 2-core machine.
   */
  private static final Duration ALL_DOWN_NOTICED = Duration.ofSeconds(30);

  /**
   * After the faults clear, background probes re-admit the addresses within the open delay (2 s,
   * doubling per failed probe, capped at 60 s), and the listener reconnects with backoff (at most
   * 30 s): the bound is the longest of those plus margin.
   */
  private static final Duration RECOVERED = Duration.ofSeconds(75);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedDatabase db;
  private static RelayService service;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start();
    Properties p = db.properties();
    p.setProperty("relay.port", "0");
    service = RelayService.start(p);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private static HttpResponse<String> post(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + service.address().getPort() + path);
  }

  @Test
  @Order(1)
  void theEndpointsAnswerWithTheirRows() throws Exception {
    HttpResponse<String> albums = get("/albums?user=7");
    assertThat(albums.statusCode()).isEqualTo(200);
    JsonNode rows = JSON.readTree(albums.body());
    assertThat(rows.size()).isEqualTo(10);
    assertThat(rows.get(0).get("title").asText()).startsWith("album ");

    JsonNode me = JSON.readTree(get("/auth/me?user=7").body());
    assertThat(me.get(0).get("email").asText()).isEqualTo("user7@relay.test");

    HttpResponse<String> moderation = get("/moderation");
    assertThat(moderation.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(moderation.body()).size()).isEqualTo(20);

    assertThat(get("/albums?user=abc").statusCode()).isEqualTo(400);
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void healthIsUpAndMetricsCarryTheHikariAndDetourMeters() throws Exception {
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode h = JSON.readTree(health.body());
    assertThat(h.get("status").asText()).isEqualTo("UP");
    assertThat(h.at("/pool/addresses").size()).isEqualTo(12);
    assertThat(h.at("/listener/state").asText()).isEqualTo("Connected");

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body()).contains("hikaricp_connections").contains("detour_");
  }

  @Test
  @Order(3)
  void aQueuedJobIsProcessedByTheWorker() throws Exception {
    HttpResponse<String> queued = post("/jobs?payload=hello");
    assertThat(queued.statusCode()).isEqualTo(202);
    long id = JSON.readTree(queued.body()).get("id").asLong();

    await().atMost(Duration.ofSeconds(20)).until(() -> processedBy(id) != null);
    assertThat(processedBy(id)).isEqualTo("relay-api");
  }

  @Test
  @Order(4)
  void healthTurns503WithAReasonWhenEveryAddressIsDownAndBackTo200After() throws Exception {
    db.fleet().proxies().setAll(Fault.reset()); // drop every open connection
    db.fleet().proxies().setAll(Fault.refuse()); // and refuse new ones
    long missed;
    try (Connection c = db.direct()) {
      missed = JobQueue.enqueue(c, "relay", "sent while the listener is down");
    }

    await()
        .atMost(ALL_DOWN_NOTICED)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              get("/albums?user=1"); // traffic teaches the router too
              HttpResponse<String> health = get("/health");
              assertThat(health.statusCode()).isEqualTo(503);
              assertThat(JSON.readTree(health.body()).get("reason").asText()).isNotBlank();
            });
    HttpResponse<String> albums = get("/albums?user=1");
    assertThat(albums.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(albums.body()).get("error").asText()).startsWith("08001");

    db.fleet().clearFaults();
    await()
        .atMost(RECOVERED)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(get("/health").statusCode()).isEqualTo(200));
    // health is UP as soon as fast-fail closes; queries follow as addresses are re-admitted
    await()
        .atMost(RECOVERED)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(get("/albums?user=1").statusCode()).isEqualTo(200));
    await()
        .atMost(RECOVERED)
        .alias("the resync sweep picks up the job whose NOTIFY was missed")
        .until(() -> processedBy(missed) != null);
  }

  @Test
  @Order(5)
  void adminResetResetsTheBreakersAndEvictsConnections() throws Exception {
    HttpResponse<String> reset = post("/admin/reset");
    assertThat(reset.statusCode()).isEqualTo(200);
    JsonNode r = JSON.readTree(reset.body());
    assertThat(r.get("addresses").size()).isEqualTo(12);
    assertThat(r.has("breakersReset")).isTrue();
    assertThat(get("/albums?user=3").statusCode()).isEqualTo(200);
  }

  private static String processedBy(long id) throws Exception {
    try (Connection c = db.direct();
        PreparedStatement ps =
            c.prepareStatement(
                "select processed_by from jobs where id = ? and processed_at is not null")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
