package dev.detour.router.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.resolver.HostResolver;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.router.AddressHealth;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterEventListener;
import dev.detour.router.TestRouters;
import dev.detour.router.internal.HandshakeTimes;
import dev.detour.router.internal.HedgeableRouter;
import dev.detour.router.jdbc.internal.HandshakeHedge;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.proxy.Fault;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cold router on a 12-address {@link NeonLikeFleet} whose first addresses in DNS order are bad:
 * no user connect after the first pays for what the router had not learned yet, and a stalled
 * handshake is hedged, not waited out. Real DNS server, real proxies, real PostgreSQL.
 *
 * <p>Latency bounds here are the issue's promises plus {@link #LOAD_MARGIN}: this machine runs
 * several builds at once on 2 cores, and a thread that is ready may wait tens of ms for a core. The
 * structural claims (which addresses user connects dialed, how many attempts each took) carry no
 * margin.
 */
class RouterLearningIT {

  /**
   * Added to every wall-clock bound: scheduling delay of a loaded 2-core machine (observed: up to
   * ~100 ms pauses while 6 other Maven builds run). Smaller than any cost the rules remove (a 100
   * ms stagger, a 1.5 s attempt timeout, a 2 s hedge delay): a regression still fails.
   */
  static final Duration LOAD_MARGIN = Duration.ofMillis(100);

  /** The router's shortest stagger between two attempts of one connect (the default). */
  static final Duration MIN_ATTEMPT_DELAY = RouterConfig.builder().build().minAttemptDelay();

  /** Timers (a probe's 1.5 s timeout) may fire late on the same loaded machine. */
  static final Duration TIMER_MARGIN = Duration.ofMillis(500);

  /** The issue's allowance over the healthy-fleet p99 for connects #1 to #49. */
  static final Duration ISSUE_ALLOWANCE = Duration.ofMillis(50);

  private NeonLikeFleet fleet;
  private final AtomicReference<Router> router = new AtomicReference<>();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final Map<InetSocketAddress, Long> firstOpened = new ConcurrentHashMap<>();

  /** A user attempt (races only: probes send no attemptStart) to an address, at a time. */
  record Attempt(InetSocketAddress address, long atNanos) {}

  @BeforeEach
  void start() throws Exception {
    fleet = NeonLikeFleet.start();
    // Warms the DNS server and the resolver classes of this JVM with a patient resolver: on this
    // loaded machine the very first query has been seen to miss the router's 1.5 s query timeout,
    // which is a start-up cost of the test fixture, not what these tests measure.
    try (HostResolver warm =
        HostResolverBuilder.fromProperties(
                Map.of(
                    "detour.resolver.servers", fleet.dnsServer(),
                    "detour.resolver.queryTimeout", "10s",
                    "detour.resolver.totalTimeout", "20s"))
            .build()) {
      warm.resolve(fleet.hostName());
    }
  }

  @AfterEach
  void stop() {
    TestRouters.reset();
    fleet.close();
  }

  /** Makes the next connect build a new, cold router that logs every user attempt. */
  private void coldRouter() {
    TestRouters.use(
        c -> {
          Router r = Router.builder().config(c).build();
          r.addListener(
              new RouterEventListener() {
                @Override
                public void attemptStart(String host, InetSocketAddress address, long timeout) {
                  attempts.add(new Attempt(address, System.nanoTime()));
                }

                @Override
                public void breakerTransition(
                    InetSocketAddress address,
                    AddressHealth.State from,
                    AddressHealth.State to,
                    String reason) {
                  if (to == AddressHealth.State.OPEN) {
                    firstOpened.putIfAbsent(address, System.nanoTime());
                  }
                }
              });
          router.set(r);
          return r;
        });
    attempts.clear();
    firstOpened.clear();
  }

  private Properties login() {
    Properties p = new Properties();
    p.setProperty("user", fleet.postgres().user());
    p.setProperty("password", fleet.postgres().password());
    return p;
  }

  private String url() {
    return fleet.detourUrl("detour") + "&sslmode=disable";
  }

  /** One full connect (handshake and SELECT 1); returns its duration in nanoseconds. */
  private long connectAndSelect(List<RoutedConnection> out) throws Exception {
    long t = System.nanoTime();
    RoutedConnection rc = new DetourDriver().connectRouted(url(), login());
    try (Connection c = rc.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT 1")) {
      assertThat(r.next()).isTrue();
    }
    long took = System.nanoTime() - t;
    out.add(rc);
    return took;
  }

  /** The p99 of 50 full connects on the healthy fleet through a warm router. */
  private Duration healthyP99() throws Exception {
    coldRouter();
    List<RoutedConnection> ignored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      connectAndSelect(ignored); // warm-up: class loading, JIT, every address learned
    }
    long[] took = new long[50];
    for (int i = 0; i < took.length; i++) {
      took[i] = connectAndSelect(ignored);
    }
    Arrays.sort(took);
    return Duration.ofNanos(took[(int) Math.ceil(0.99 * took.length) - 1]);
  }

  private Set<InetSocketAddress> addresses(int from, int to) {
    return fleet.addresses().subList(from, to).stream()
        .map(a -> new InetSocketAddress(a, fleet.port()))
        .collect(Collectors.toSet());
  }

  private long userAttemptsTo(Set<InetSocketAddress> bad, long afterNanos) {
    return attempts.stream()
        .filter(a -> bad.contains(a.address()) && a.atNanos() > afterNanos)
        .count();
  }

  @Test
  void withEightOfTwelveBlackHoledNoConnectAfterTheFirstPaysForThem() throws Exception {
    Duration healthy = healthyP99();
    fleet.blackholeFirst(8);
    Set<InetSocketAddress> blackHoles = addresses(0, 8);
    coldRouter();
    List<RoutedConnection> done = new ArrayList<>();

    long t0 = System.nanoTime();
    long first = connectAndSelect(done);
    long firstEnd = System.nanoTime();
    long[] later = new long[49];
    for (int i = 0; i < later.length; i++) {
      later[i] = connectAndSelect(done);
    }

    assertThat(Duration.ofNanos(first))
        .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(LOAD_MARGIN));
    assertThat(userAttemptsTo(blackHoles, firstEnd))
        .as("user attempts to a black hole after the first connect")
        .isZero();
    assertThat(done.subList(1, 50))
        .allSatisfy(
            rc ->
                // no stagger paid: every attempt started before the first stagger could fire (a
                // second attempt may start at once when a background probe finds its address good
                // meanwhile: ConnectRace.promote, which saves time rather than costs it)
                assertThat(rc.attempts())
                    .allSatisfy(
                        a ->
                            assertThat(a.startNanos())
                                .as("%s started without waiting out a stagger", a.address())
                                .isLessThan(MIN_ATTEMPT_DELAY.toNanos())));
    Duration bound = healthy.plus(ISSUE_ALLOWANCE).plus(LOAD_MARGIN);
    assertThat(Arrays.stream(later).max().orElseThrow())
        .as("slowest of #1..#49 vs healthy p99 %s + 50 ms + load margin", healthy)
        .isLessThanOrEqualTo(bound.toNanos());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> firstOpened.keySet().containsAll(blackHoles));
    for (InetSocketAddress a : blackHoles) {
      assertThat(Duration.ofNanos(firstOpened.get(a) - t0))
          .as("%s opened after the first connect's start", a)
          .isLessThanOrEqualTo(Duration.ofSeconds(2).plus(TIMER_MARGIN));
    }
  }

  @Test
  void withFourOfTwelveAcceptingThenStallingEveryConnectSucceedsWithinTheHedgeDelay()
      throws Exception {
    Duration healthy = healthyP99();
    for (int i = 0; i < 4; i++) {
      fleet.fault(i, Fault.acceptThenStall());
    }
    Set<InetSocketAddress> stalled = addresses(0, 4);
    coldRouter();
    List<RoutedConnection> done = new ArrayList<>();

    long t0 = System.nanoTime();
    long[] took = new long[50];
    long[] connectNanos = new long[50]; // the driver call alone, failed ones included
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < took.length; i++) {
      long t = System.nanoTime();
      RoutedConnection rc;
      try {
        rc = new DetourDriver().connectRouted(url(), login());
      } catch (SQLException e) {
        connectNanos[i] = System.nanoTime() - t;
        failures.add("#" + i + " after " + Duration.ofNanos(connectNanos[i]) + ": " + e);
        continue;
      }
      connectNanos[i] = System.nanoTime() - t;
      try (Connection c = rc.connection();
          Statement st = c.createStatement();
          ResultSet r = st.executeQuery("SELECT 1")) {
        assertThat(r.next()).isTrue();
      }
      took[i] = System.nanoTime() - t;
      done.add(rc);
    }

    // the promise: no driver connect returns or fails past its budget plus the documented slack
    Duration bound =
        RouterConfig.defaults().connectBudget().plus(HandshakeHedge.BOUND_SLACK).plus(LOAD_MARGIN);
    assertThat(Arrays.stream(connectNanos).max().orElseThrow())
        .as(
            "slowest connect (successes and failures: %s) vs budget + %s slack + load margin",
            failures, HandshakeHedge.BOUND_SLACK)
        .isLessThanOrEqualTo(bound.toNanos());
    assertThat(failures).as("failed connects").isEmpty();
    assertThat(done).hasSize(50);
    assertThat(done).allSatisfy(rc -> assertThat(stalled).doesNotContain(rc.address()));
    long hedgeDelay =
        Math.max(
            HandshakeTimes.DEFAULT_DELAY.toNanos(),
            ((HedgeableRouter) router.get()).handshakeTimes().hedgeDelayNanos());
    assertThat(Arrays.stream(took).max().orElseThrow())
        .as("slowest connect vs hedge delay + healthy p99 %s + load margin", healthy)
        .isLessThanOrEqualTo(hedgeDelay + healthy.plus(LOAD_MARGIN).toNanos());
    long after2s = t0 + Duration.ofSeconds(2).plus(TIMER_MARGIN).toNanos();
    assertThat(userAttemptsTo(stalled, after2s))
        .as("user attempts to a stalled address after the first 2 s")
        .isZero();
  }
}
