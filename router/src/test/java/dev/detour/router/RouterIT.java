package dev.detour.router;

import static dev.detour.router.LoopbackServers.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.router.internal.FakeResolver;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The router against real sockets on 127.0.0.x, with its own threads (a system scheduler). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouterIT {

  private static final String HOST = "db.neon.test";

  private final LoopbackServers servers = new LoopbackServers();
  private final FakeResolver resolver = new FakeResolver();
  private Router router;
  private int port;

  @BeforeEach
  void pickPort() throws Exception {
    port = LoopbackServers.freePort();
  }

  @AfterEach
  void tearDown() {
    if (router != null) {
      router.close();
    }
    servers.close();
  }

  private Router router(RouterConfig config) {
    router = Router.builder().config(config).resolver(resolver).build();
    return router;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void secondAddressWinsWhenFirstBlackholes() throws Exception {
    servers.blackhole(ip(21), port);
    servers.server(ip(22), port, false);
    resolver.set(HOST, List.of(ip(21), ip(22)));
    Router r = router(RouterConfig.defaults());

    RoutedSocket s = r.connect(HOST, port);
    s.markReady();

    assertThat(s.address()).isEqualTo(new InetSocketAddress(ip(22), port));
    assertThat(s.socket().isConnected()).isTrue();
    assertThat(s.socket().getTcpNoDelay()).isTrue();
    assertThat(s.socket().getKeepAlive()).isTrue();
    if (s.socket().supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
      assertThat(s.socket().getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
      assertThat(s.socket().getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(10);
      assertThat(s.socket().getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
    }
    assertThat(s.attempts())
        .extracting(AttemptOutcome::result)
        .containsExactly(AttemptOutcome.Result.CANCELLED, AttemptOutcome.Result.CONNECTED);
    assertThat(s.elapsedNanos()).isLessThan(r.config().connectBudget().toNanos());
    s.socket().close();
  }

  @Test
  void aHealthyConnectRunsOnTheCallersThreadAndALosingFirstAttemptRunsOnInTheBackground()
      throws Exception {
    servers.server(ip(23), port, false);
    servers.blackhole(ip(24), port);
    servers.server(ip(25), port, false);
    resolver.set(HOST, List.of(ip(23)));
    Router r = router(RouterConfig.defaults());
    List<String> wins = new CopyOnWriteArrayList<>();
    r.addListener(
        new RouterEventListener() {
          @Override
          public void raceWon(
              String host, InetSocketAddress address, int attempts, long elapsedNanos) {
            wins.add(
                address.getAddress().getHostAddress() + " on " + Thread.currentThread().getName());
          }
        });

    RoutedSocket healthy = r.connect(HOST, port);
    healthy.markReady();
    healthy.socket().close();
    assertThat(wins)
        .as("no thread hand-over: the caller's own thread connected")
        .containsExactly("127.0.0.23 on " + Thread.currentThread().getName());

    // a black hole first: the caller's thread starts it, the staggered second address wins on a
    // worker, and the caller is released at once while the black hole runs on to its timeout
    String cold = "cold.neon.test";
    resolver.set(cold, List.of(ip(24), ip(25)));
    RoutedSocket s = r.connect(cold, port);
    s.markReady();
    s.socket().close();
    assertThat(s.address()).isEqualTo(new InetSocketAddress(ip(25), port));
    // raceWon is raised on the worker that won, which may run it after the caller was released
    await().atMost(Duration.ofSeconds(5)).until(() -> wins.size() == 2);
    assertThat(wins.get(1)).matches("127\\.0\\.0\\.25 on detour-router-\\d+-worker-\\d+");
    assertThat(s.attempts().get(0).result()).isEqualTo(AttemptOutcome.Result.CANCELLED);
    assertThat(health(r, cold, ip(24)).state())
        .as("not yet failed: its attempt runs on")
        .isEqualTo(AddressHealth.State.CLOSED);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              AddressHealth h = health(r, cold, ip(24));
              assertThat(h.state()).isEqualTo(AddressHealth.State.OPEN);
              assertThat(h.lastFailure())
                  .hasValueSatisfying(f -> assertThat(f).contains("timed out"));
            });
  }

  @Test
  void anInterruptedCallerGetsInterruptedIoExceptionAndNoAddressIsCharged() throws Exception {
    servers.server(ip(26), port, false);
    resolver.set(HOST, List.of(ip(26)));
    Router r = router(RouterConfig.defaults());

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> r.connect(HOST, port))
          .isInstanceOf(java.io.InterruptedIOException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).as("the flag stays set").isTrue();
    } finally {
      Thread.interrupted();
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              AddressHealth h = health(r, HOST, ip(26));
              assertThat(h.state()).isEqualTo(AddressHealth.State.CLOSED);
              assertThat(h.consecutiveFailures()).isZero();
              assertThat(h.lastFailure()).isEmpty();
            });
    RoutedSocket s = r.connect(HOST, port);
    s.markReady();
    s.socket().close();
    assertThat(s.address()).isEqualTo(new InetSocketAddress(ip(26), port));
  }

  private AddressHealth health(Router r, String host, java.net.InetAddress ip) {
    return r.health(host, port).stream()
        .filter(h -> h.address().getAddress().equals(ip))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void allRefusedFailsFastOnceTheBreakersAreOpen() throws Exception {
    resolver.set(HOST, List.of(ip(31), ip(32), ip(33)));
    Router r = router(RouterConfig.defaults());
    assertThatThrownBy(() -> r.connect(HOST, port))
        .isInstanceOf(NoHealthyAddressException.class)
        .hasMessageContaining("(3 tried: 3 refused)");

    long start = System.nanoTime();
    NoHealthyAddressException e = null;
    try {
      r.connect(HOST, port);
    } catch (NoHealthyAddressException x) {
      e = x;
    }
    long tookMs = millisSince(start);

    assertThat(e).isNotNull();
    assertThat(e.isFastFail()).isTrue();
    assertThat(e.getMessage())
        .startsWith(
            HOST + ":" + port + ": no healthy address within 10s budget (3 open: 3 refused)")
        .contains("fast-fail open until ");
    assertThat(tookMs).as("generous bound; the < 1 ms goal is a benchmark").isLessThan(500);
  }

  @Test
  void aProbeReadmitsAnAddressOnceItsFaultClears() throws Exception {
    resolver.set(HOST, List.of(ip(41), ip(42)));
    RouterConfig config =
        RouterConfig.builder()
            .openDelay(Duration.ofMillis(200))
            .maxOpenDelay(Duration.ofSeconds(1))
            .openJitter(0)
            .build();
    Router r = router(config);
    assertThatThrownBy(() -> r.connect(HOST, port)).isInstanceOf(NoHealthyAddressException.class);

    servers.server(ip(42), port, false); // the fault clears; no user traffic follows

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(r.health(HOST, port))
                    .filteredOn(h -> h.address().getAddress().equals(ip(42)))
                    .singleElement()
                    .extracting(AddressHealth::state)
                    .isEqualTo(AddressHealth.State.CLOSED));
    RoutedSocket s = r.connect(HOST, port);
    s.markReady();
    assertThat(s.address().getAddress()).isEqualTo(ip(42));
    s.socket().close();
  }

  @Test
  void theWatchdogClosesASocketWhoseCallerNeverMarksItReady() throws Exception {
    servers.server(ip(51), port, true);
    resolver.set(HOST, List.of(ip(51)));
    Router r = router(RouterConfig.builder().connectBudget(Duration.ofSeconds(1)).build());

    RoutedSocket s = r.connect(HOST, port);
    InputStream in = s.socket().getInputStream();

    // the read blocks on a server that never answers, until the watchdog closes the socket
    assertThatThrownBy(in::read).isInstanceOf(SocketException.class);
    assertThat(s.socket().isClosed()).isTrue();
    AddressHealth h = r.health(HOST, port).get(0);
    assertThat(h.state()).isEqualTo(AddressHealth.State.OPEN);
    assertThat(h.lastFailure())
        .hasValueSatisfying(f -> assertThat(f).startsWith("handshake stalled"));
  }

  @Test
  void afterTheBudgetNoThreadIsStillConnectingAndCloseLeavesNoThread() throws Exception {
    servers.blackhole(ip(61), port);
    servers.blackhole(ip(62), port);
    resolver.set(HOST, List.of(ip(61), ip(62)));
    Router r =
        router(
            RouterConfig.fromProperties(
                Map.of("detour.router.connectBudget", "1s", "detour.router.openDelay", "100ms")));

    long start = System.nanoTime();
    assertThatThrownBy(() -> r.connect(HOST, port))
        .isInstanceOf(NoHealthyAddressException.class)
        .hasMessageContaining("no address connected within 1s budget");
    // the promise: the race ends at the 1 s budget (attempt timeouts are cut to it), plus at most
    // 1/64 of timer slack (16 ms); the margin covers a loaded 2-core build machine
    long promiseMs = 1_000 + 16;
    long loadMarginMs = 1_000;
    assertThat(millisSince(start))
        .as("connect() never blocks past the budget")
        .isLessThan(promiseMs + loadMarginMs);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(threadsIn("SocketDialer$Dial.connect")).isEmpty());

    r.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(detourThreads()).isEmpty());
  }

  @Test
  void aRouterBuiltFromPropertiesOwnsItsResolverAndLeavesNoThreadAfterClose() throws Exception {
    servers.server(ip(71), port, false);
    Router r =
        Router.builder()
            .config(
                RouterConfig.fromProperties(
                    Map.of(
                        "detour.router.connectBudget", "5s",
                        "detour.resolver.useHostsFile", "false")))
            .build();
    try {
      RoutedSocket s = r.connect("127.0.0.71", port);
      s.markReady();
      assertThat(s.address()).isEqualTo(new InetSocketAddress(ip(71), port));
      s.socket().close();
    } finally {
      r.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Thread.getAllStackTraces().keySet().stream()
                            .filter(Thread::isAlive)
                            .map(Thread::getName)
                            .filter(n -> n.startsWith("detour-"))
                            .toList())
                    .isEmpty());
  }

  private static List<String> detourThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("detour-router"))
        .toList();
  }

  private static List<String> threadsIn(String frame) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e ->
                java.util.Arrays.stream(e.getValue())
                    .anyMatch(f -> (f.getClassName() + "." + f.getMethodName()).endsWith(frame)))
        .map(e -> e.getKey().getName())
        .toList();
  }
}
