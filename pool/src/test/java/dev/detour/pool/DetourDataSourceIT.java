package dev.detour.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.router.AddressHealth;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import dev.detour.testkit.proxy.Fault;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DetourDataSource} against a 12-address {@link NeonLikeFleet} in front of the embedded
 * PostgreSQL, through the real router, resolver and DNS server.
 */
class DetourDataSourceIT {

  /** The promise: a fast-fail borrow returns within 5 ms. */
  private static final long FAST_FAIL_PROMISE_MS = 5;

  /**
   * A single borrow may be descheduled on the 2 shared, loaded cores; the median must keep the
   * promise, the slowest may take this long, which is still 100 times below the acquire timeout.
   */
  private static final long SCHEDULING_MARGIN_MS = 45;

  private NeonLikeFleet fleet;
  private DetourDataSource pool;
  private final List<Connection> held = new ArrayList<>();

  @AfterEach
  void stop() {
    PoolFixture.tearDown(held, pool, fleet);
  }

  @Test
  void everyAddressDownFastFailsWithinFiveMillisecondsAndServesAgainWhenTheFaultsClear()
      throws Exception {
    fleet = NeonLikeFleet.start();
    pool =
        PoolFixture.builder(fleet)
            .acquireTimeout(Duration.ofSeconds(2))
            .validationTimeout(Duration.ofMillis(500))
            // breakers stay open a fixed 5s (+-20%), no doubling: the borrows below run while
            // fast-fail is open, and recovery after the faults clear takes one open period
            .property("detour.router.openDelay", "5s")
            .property("detour.router.maxOpenDelay", "5s")
            .build();
    // warm-up, not a claim: the first connect (DNS, SCRAM) may exceed 2s on the loaded machine
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection c = pool.getConnection()) {
                return PoolFixture.selectOne(c) == 1;
              }
            });

    fleet.proxies().setAll(Fault.refuse());
    // drop the pooled connections (refuse leaves open ones alone), so that a borrow must connect
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              pool.reset();
              try (Connection c = pool.getConnection()) {
                return false;
              } catch (SQLTransientConnectionException e) {
                return e.getMessage().startsWith("database unreachable: ");
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.health().fastFailOpen());
    assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.DOWN);

    long[] millis = new long[21];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      SQLException e = null;
      try (Connection unexpected = pool.getConnection()) {
        throw new AssertionError("borrowed while every address is down: " + unexpected);
      } catch (SQLException thrown) {
        e = thrown;
      }
      millis[i] = (System.nanoTime() - start) / 1_000_000;
      assertThat((Throwable) e)
          .isInstanceOf(SQLTransientConnectionException.class)
          .hasMessageStartingWith(
              "database unreachable: all 12 addresses of "
                  + fleet.hostName()
                  + ":"
                  + fleet.port()
                  + " failing (")
          .extracting(t -> ((SQLException) t).getSQLState())
          .isEqualTo("08001");
    }
    Arrays.sort(millis);
    System.out.println("fast-fail borrow ms (sorted): " + Arrays.toString(millis));
    assertThat(millis[millis.length / 2]).isLessThanOrEqualTo(FAST_FAIL_PROMISE_MS);
    assertThat(millis[millis.length - 1])
        .isLessThanOrEqualTo(FAST_FAIL_PROMISE_MS + SCHEDULING_MARGIN_MS);

    fleet.clearFaults();
    // no reset, no restart: the router's probes close the breakers (open for 2s +-20%, doubling)
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection c = pool.getConnection()) {
                return PoolFixture.selectOne(c) == 1;
              }
            });
    assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.UP);
  }

  @Test
  void aStalledHandshakeHoldsHikarisSingleAdderThreadForAtMostTheConnectBudget() throws Exception {
    Duration budget = Duration.ofSeconds(1);
    fleet = NeonLikeFleet.start();
    pool =
        PoolFixture.builder(fleet)
            .acquireTimeout(Duration.ofSeconds(4))
            .property("detour.router.connectBudget", "1s")
            .hikari("minimumIdle", "0")
            .build();
    // every address accepts TCP and never answers: the adder's connects stall in the handshake
    fleet.proxies().setAll(Fault.acceptThenStall());
    assertThatThrownBy(pool::getConnection)
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessageStartingWith("database unreachable: ");

    fleet.clearFaults();
    pool.reset(); // fresh breakers: the next connect dials at once, no probe wait
    long start = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      assertThat(PoolFixture.selectOne(c)).isEqualTo(1);
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("first borrow after the stall cleared: " + waited.toMillis() + " ms");
    // a connect still stuck on the adder thread ends at the budget (the router's watchdog closes
    // its socket), then one healthy connect; a stuck adder would exhaust the 4s acquire timeout
    assertThat(waited).isLessThanOrEqualTo(budget.plus(SCHEDULING_MARGIN));
  }

  /** A healthy connect (DNS cache hit, TCP, SCRAM) on 2 loaded cores, with room to spare. */
  private static final Duration SCHEDULING_MARGIN = Duration.ofSeconds(1);

  @Test
  void anExhaustedPoolSaysSoAfterTheAcquireTimeoutAndNeverThatTheDatabaseIsUnreachable()
      throws Exception {
    fleet = NeonLikeFleet.start();
    pool =
        PoolFixture.builder(fleet)
            .acquireTimeout(Duration.ofSeconds(1))
            .validationTimeout(Duration.ofMillis(500))
            .build();
    for (int i = 0; i < 10; i++) {
      held.add(pool.getConnection());
    }
    long start = System.nanoTime();
    assertThatThrownBy(pool::getConnection)
        .isInstanceOfSatisfying(
            SQLTransientConnectionException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("08004"))
        .hasMessageStartingWith("pool exhausted: 10 active, 0 idle, ")
        .hasMessageContaining("acquire timeout 1s; oldest borrow ")
        .hasMessageContaining("; 0 of 10 active connections are on addresses now open")
        .message()
        .doesNotContain("unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.UP);
    assertThat(pool.health().lastError())
        .hasValueSatisfying(m -> assertThat(m).startsWith("pool exhausted"));
  }

  @Test
  void addressesThatLeaveDnsLoseTheirIdleConnectionsWithinOneRefreshAndBusyOnesOnReturn()
      throws Exception {
    // TTL 5s (the resolver's floor): the resolver refreshes in the background at 75% of it
    fleet =
        NeonLikeFleet.start(
            NeonLikeFleet.DEFAULT_HOST, 12, Duration.ofSeconds(5), TestPostgres.shared());
    pool = PoolFixture.builder(fleet).build();
    for (int i = 0; i < 10; i++) {
      held.add(pool.getConnection());
    }
    Set<InetSocketAddress> used = pool.health().connections().keySet();
    // remove 4 addresses, the ones holding connections first
    List<String> removed = new ArrayList<>();
    used.forEach(a -> removed.add(a.getAddress().getHostAddress()));
    for (String a : fleet.addresses()) {
      if (removed.size() < 4 && !removed.contains(a)) {
        removed.add(a);
      }
    }
    List<String> gone = removed.subList(0, 4);
    // keep 2 borrowed connections on removed addresses, return the rest
    List<Connection> busy = new ArrayList<>();
    for (Connection c : held) {
      boolean onGone = gone.stream().anyMatch(a -> c.toString().contains("/" + a + ":"));
      if (onGone && busy.size() < 2) {
        busy.add(c);
      } else {
        c.close();
      }
    }
    held.clear();
    held.addAll(busy);
    assertThat(busy).isNotEmpty();
    int before = countOn(gone);
    assertThat(before).isGreaterThan(busy.size());

    List<String> kept = new ArrayList<>(fleet.addresses());
    kept.removeAll(gone);
    long start = System.nanoTime();
    fleet.dns().setA(fleet.hostName(), Duration.ofSeconds(5), kept.toArray(String[]::new));

    // the resolver refreshes an entry when it is used past 75% of its TTL: any connect does that,
    // a new pooled connection or, as here, a plain jdbc:detour: one on the same (shared) router
    Properties plain = new Properties();
    plain.setProperty("user", fleet.postgres().user());
    plain.setProperty("password", fleet.postgres().password());
    await()
        .atMost(Duration.ofSeconds(5 + 5))
        .pollInterval(Duration.ofMillis(500))
        .conditionEvaluationListener(
            c -> {
              if (!c.isSatisfied() && c.getRemainingTimeInMS() < 600) {
                System.out.println(
                    "gone="
                        + gone
                        + " health="
                        + pool.health().connections()
                        + " router="
                        + pool.router().health(pool.host(), pool.port()).size());
              }
            })
        .until(
            () -> {
              try (Connection c =
                  java.sql.DriverManager.getConnection(
                      fleet.detourUrl(fleet.postgres().database()), plain)) {
                PoolFixture.selectOne(c);
              }
              return countOn(gone) == busy.size();
            });
    System.out.printf(
        "idle connections on removed addresses closed after %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    for (Connection c : busy) {
      assertThat(PoolFixture.selectOne(c)).isEqualTo(1); // a borrowed one is left alone
      c.close();
    }
    held.clear();
    await().atMost(Duration.ofSeconds(5)).until(() -> countOn(gone) == 0);
    for (int i = 0; i < 20; i++) {
      try (Connection c = pool.getConnection()) {
        assertThat(gone.stream().noneMatch(a -> c.toString().contains("/" + a + ":"))).isTrue();
      }
    }
  }

  private int countOn(List<String> hosts) {
    return pool.health().connections().entrySet().stream()
        .filter(e -> hosts.contains(e.getKey().getAddress().getHostAddress()))
        .mapToInt(e -> e.getValue())
        .sum();
  }

  @Test
  void resetClosesTheBreakersAndEvictsIdleConnectionsNowAndBorrowedOnesOnReturn() throws Exception {
    fleet = NeonLikeFleet.start();
    pool = PoolFixture.builder(fleet).build();
    for (int i = 0; i < 4; i++) {
      held.add(pool.getConnection());
    }
    Connection busy = held.remove(0);
    for (Connection c : held) {
      c.close();
    }
    held.clear();
    held.add(busy);
    int idle = pool.poolStats().getIdleConnections();
    // an address without connections: its breaker opens, and no connection is evicted for it
    InetSocketAddress anAddress =
        pool.router().health(pool.host(), pool.port()).stream()
            .map(AddressHealth::address)
            .filter(a -> !pool.health().connections().containsKey(a))
            .findFirst()
            .orElseThrow();
    pool.router()
        .reportFailure(
            pool.host(), pool.port(), anAddress, new java.net.SocketTimeoutException("test stall"));
    assertThat(pool.router().health(pool.host(), pool.port()))
        .anyMatch(h -> h.state() == AddressHealth.State.OPEN);

    ResetReport report = pool.reset();

    System.out.println(report);
    assertThat(report.breakersReset()).isGreaterThanOrEqualTo(1);
    assertThat(report.addresses()).hasSize(12);
    assertThat(report.routerError()).isEmpty();
    assertThat(report.inUseEvicted()).isEqualTo(1);
    assertThat(report.idleEvicted() + report.inUseEvicted()).isGreaterThanOrEqualTo(idle);
    assertThat(pool.router().health(pool.host(), pool.port()))
        .allMatch(h -> h.state() == AddressHealth.State.CLOSED);
    assertThat(report.toString())
        .contains("re-resolved 12 addresses")
        .contains("1 in use on return");

    assertThat(PoolFixture.selectOne(busy)).isEqualTo(1); // still usable until returned
    String busyAddress = busy.toString();
    busy.close();
    held.clear();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                pool.poolStats().getTotalConnections() == 0
                    || pool.health().connections().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum()
                        <= pool.poolStats().getTotalConnections());
    try (Connection c = pool.getConnection()) {
      assertThat(PoolFixture.selectOne(c)).isEqualTo(1);
      assertThat(c.toString()).isNotEqualTo(busyAddress);
    }
  }

  @Test
  void aPropertiesFileRoundTripBuildsTheSamePool(@TempDir Path dir) throws Exception {
    fleet = NeonLikeFleet.start();
    TestPostgres pg = fleet.postgres();
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, pg.password() + "\n");
    Properties p = new Properties();
    p.setProperty("detour.pool.url", fleet.detourUrl(pg.database()));
    p.setProperty("detour.pool.username", pg.user());
    p.setProperty("detour.pool.passwordFile", passwordFile.toString());
    p.setProperty("detour.pool.maximumPoolSize", "3");
    p.setProperty("detour.pool.acquireTimeout", "6s");
    p.setProperty("detour.pool.socketTimeout", "7s");
    p.setProperty("detour.pool.poolName", "orders");
    p.setProperty("detour.pool.hikari.minimumIdle", "1");
    p.setProperty("detour.router.connectBudget", "3s");
    p.setProperty("ApplicationName", "detour-pool-it");
    Path file = dir.resolve("pool.properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "DetourDataSourceIT");
    }

    pool = DetourDataSource.fromProperties(file);
    System.out.println("round trip: " + pool + " " + pool.health());

    assertThat(pool.host()).isEqualTo(fleet.hostName());
    assertThat(pool.port()).isEqualTo(fleet.port());
    assertThat(pool.acquireTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(pool.socketTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(pool.router().config().connectBudget()).isEqualTo(Duration.ofSeconds(3));
    com.zaxxer.hikari.HikariDataSource hikari =
        pool.unwrap(com.zaxxer.hikari.HikariDataSource.class);
    assertThat(hikari.getMaximumPoolSize()).isEqualTo(3);
    assertThat(hikari.getMinimumIdle()).isEqualTo(1);
    assertThat(hikari.getPoolName()).isEqualTo("orders");
    try (Connection c = pool.getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery("SHOW statement_timeout")) {
      assertThat(rs.next()).isTrue();
      assertThat(c.unwrap(org.postgresql.PGConnection.class)).isNotNull();
      assertThat(s.getConnection()).isSameAs(c);
    }
    try (Connection c = pool.getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT current_setting('application_name')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("detour-pool-it");
    }
    assertThat(pool.toString()).doesNotContain(pg.password());
    System.out.println(pool.health());
    String health = pool.health().toString();
    assertThat(health).contains("UP").doesNotContain(pg.password());
    assertThat(Set.copyOf(fleet.addresses()))
        .containsAll(
            pool.health().connections().keySet().stream()
                .map(a -> a.getAddress().getHostAddress())
                .collect(Collectors.toSet()));
  }
}
