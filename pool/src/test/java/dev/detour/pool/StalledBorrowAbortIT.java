package dev.detour.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.core.NamedThreadFactory;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.proxy.Fault;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code detour.pool.stalledBorrowAbort}: every pooled connection is borrowed with a query in
 * flight, the addresses they are on die silently ({@link Fault#blackholeAndStall()}) and their
 * breakers open; the in-flight queries fail within the threshold instead of the 30 s socket
 * timeout, and a new borrow gets a connection on a healthy address instead of "pool exhausted".
 */
class StalledBorrowAbortIT {

  /** The query held in flight; matched exactly in pg_stat_activity. */
  private static final String SLOW_QUERY = "SELECT pg_sleep(120)";

  /** The default threshold: the validation timeout. */
  private static final Duration THRESHOLD = Duration.ofSeconds(2);

  /**
   * The promise is "within the threshold of the breaker opening"; this covers the pool's sweep
   * thread being scheduled, the socket close waking pgjdbc's read, and the worker recording the
   * failure, on 2 cores shared with other builds. It is still 10 times below the 30 s socket
   * timeout that would otherwise free the connection.
   */
  private static final Duration SCHEDULING_MARGIN = Duration.ofSeconds(3);

  private NeonLikeFleet fleet;
  private DetourDataSource pool;
  private final List<Connection> held = new ArrayList<>();
  private final ExecutorService workers =
      Executors.newCachedThreadPool(new NamedThreadFactory("stalled-borrow-it"));

  @AfterEach
  void stop() throws Exception {
    if (fleet != null) {
      fleet.clearFaults();
    }
    for (Connection c : held) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the test is over
      }
    }
    if (pool != null) {
      pool.close(); // aborts what is still borrowed, which ends the workers' reads
    }
    workers.shutdownNow();
    assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    if (fleet != null) {
      try (Connection su = fleet.postgres().connectAsSuperuser();
          Statement s = su.createStatement()) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = '"
                + SLOW_QUERY
                + "'");
      }
      fleet.close();
    }
    RouterRegistry.closeAll();
  }

  /** A query in flight on {@code c}; completes with its failure and when it failed. */
  private record Outcome(SQLException failure, long failedAtNanos) {}

  private CompletableFuture<Outcome> inFlight(Connection c) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (c;
              Statement s = c.createStatement()) {
            s.execute(SLOW_QUERY);
            return new Outcome(null, System.nanoTime());
          } catch (SQLException e) {
            return new Outcome(e, System.nanoTime());
          }
        },
        workers);
  }

  private int slowQueriesRunning() throws SQLException {
    try (Connection su = fleet.postgres().connectAsSuperuser();
        Statement s = su.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE query = '" + SLOW_QUERY + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Borrows the whole pool, starts a slow query on each, then kills their addresses silently. */
  private List<CompletableFuture<Outcome>> borrowAllAndStallTheirAddresses(
      int size, Set<InetSocketAddress> stalled) throws Exception {
    for (int i = 0; i < size; i++) {
      held.add(pool.getConnection());
    }
    stalled.addAll(pool.health().connections().keySet());
    assertThat(stalled).isNotEmpty().hasSizeLessThan(fleet.size()); // a healthy address remains
    List<CompletableFuture<Outcome>> queries = new ArrayList<>();
    for (Connection c : held) {
      queries.add(inFlight(c));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> slowQueriesRunning() == size);
    for (InetSocketAddress a : stalled) {
      fleet.fault(PoolFixture.indexOf(fleet, a), Fault.blackholeAndStall());
    }
    return queries;
  }

  /** The router learns of the stalls (as from a sibling pool's socket timeout); breakers open. */
  private void reportStalls(Set<InetSocketAddress> stalled) {
    for (InetSocketAddress a : stalled) {
      pool.router()
          .reportFailure(
              pool.host(), pool.port(), a, new SocketTimeoutException("Read timed out (sibling)"));
    }
    assertThat(pool.router().health(pool.host(), pool.port()))
        .filteredOn(h -> stalled.contains(h.address()))
        .hasSize(stalled.size())
        .allMatch(h -> h.state() == AddressHealth.State.OPEN);
  }

  @Test
  void inFlightQueriesOnAddressesWhoseBreakerOpenedFailWithinTheThresholdAndANewBorrowSucceeds()
      throws Exception {
    fleet = NeonLikeFleet.start();
    pool = PoolFixture.builder(fleet).build(); // 10, acquire 5s, socket timeout 30s, abort 2s
    Set<InetSocketAddress> stalled = new java.util.HashSet<>();
    List<CompletableFuture<Outcome>> queries = borrowAllAndStallTheirAddresses(10, stalled);

    long openedAt = System.nanoTime();
    reportStalls(stalled);

    // a request that starts after the fault: a connection on a healthy address, not "exhausted"
    long borrowStart = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      Duration borrowTook = Duration.ofNanos(System.nanoTime() - borrowStart);
      System.out.println("borrow after the fault: " + borrowTook.toMillis() + " ms, " + c);
      assertThat(borrowTook).isLessThan(pool.acquireTimeout());
      assertThat(PoolFixture.selectOne(c)).isEqualTo(1);
      for (InetSocketAddress a : stalled) {
        // "... via <name>/127.0.0.13:5432, ...": compare the IP and port, with or without a name
        assertThat(c.toString())
            .contains(" via ")
            .doesNotContain("/" + a.getAddress().getHostAddress() + ":" + a.getPort() + ",");
      }
    }

    Duration bound = THRESHOLD.plus(SCHEDULING_MARGIN);
    for (CompletableFuture<Outcome> q : queries) {
      Outcome o = q.get(bound.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      assertThat((Throwable) o.failure()).as("the in-flight query must fail").isNotNull();
      Duration took = Duration.ofNanos(o.failedAtNanos() - openedAt);
      System.out.println(
          "in-flight query failed " + took.toMillis() + " ms after the breaker opened");
      assertThat(took).isLessThan(bound);
      assertThat(o.failure().getMessage())
          .contains("aborted by the pool")
          .contains("detour.pool.stalledBorrowAbort=2s")
          .satisfies(
              m ->
                  assertThat(stalled)
                      .anyMatch(
                          a -> m.contains(a.getAddress().getHostAddress() + ":" + a.getPort())));
    }
    // the aborted connections are evicted, never handed out again
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> pool.health().connections().keySet().stream().noneMatch(stalled::contains));
  }

  @Test
  void zeroTurnsTheAbortOffAndTheStalledBorrowsHoldTheirSlots() throws Exception {
    fleet = NeonLikeFleet.start();
    pool = PoolFixture.builder(fleet).maximumPoolSize(2).stalledBorrowAbort(Duration.ZERO).build();
    Set<InetSocketAddress> stalled = new java.util.HashSet<>();
    List<CompletableFuture<Outcome>> queries = borrowAllAndStallTheirAddresses(2, stalled);

    long openedAt = System.nanoTime();
    reportStalls(stalled);

    // the acquire timeout (5s) is at least threshold + margin: the abort would have freed a slot
    assertThat(pool.acquireTimeout()).isGreaterThanOrEqualTo(THRESHOLD.plus(SCHEDULING_MARGIN));
    assertThatThrownBy(pool::getConnection)
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessageStartingWith("pool exhausted: 2 active");
    assertThat(Duration.ofNanos(System.nanoTime() - openedAt))
        .isGreaterThanOrEqualTo(THRESHOLD.plus(SCHEDULING_MARGIN));
    assertThat(queries.stream().filter(CompletableFuture::isDone)).isEmpty();
  }

  /**
   * How long the pool may take to notice silent addresses by itself: a borrow is checked at half
   * the threshold, the look runs every quarter of it, and the router's probe gives up after its
   * {@code probeTimeout} (2 s); the abort follows at once for borrows past the threshold.
   */
  private static final Duration SELF_DETECTION =
      THRESHOLD.plus(THRESHOLD.dividedBy(4)).plus(Duration.ofSeconds(2));

  /**
   * The acquire timeout of the self-detection test: the default 5 s is about 2 s above {@link
   * #SELF_DETECTION} minus the borrows' age, too little for 2 shared cores; the replay measures the
   * default. Still far below the 30 s socket timeout that frees the slots without the check.
   */
  private static final Duration SELF_DETECTION_ACQUIRE = Duration.ofSeconds(12);

  @Test
  void withNoOtherSignalThePoolChecksTheAddressesOfOldBorrowsAndTheirStalledQueriesAreAborted()
      throws Exception {
    fleet = NeonLikeFleet.start();
    pool = PoolFixture.builder(fleet).acquireTimeout(SELF_DETECTION_ACQUIRE).build();
    List<String> openedBySuspicion = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable l =
        pool.router()
            .addListener(
                new dev.detour.router.RouterEventListener() {
                  @Override
                  public void breakerTransition(
                      InetSocketAddress a,
                      AddressHealth.State from,
                      AddressHealth.State to,
                      String reason) {
                    if (to == AddressHealth.State.OPEN && reason.contains("suspect probe")) {
                      openedBySuspicion.add(a + ": " + reason);
                    }
                  }
                });
    Set<InetSocketAddress> stalled = new java.util.HashSet<>();
    List<CompletableFuture<Outcome>> queries = borrowAllAndStallTheirAddresses(10, stalled);
    long faultAt = System.nanoTime();

    // nobody reports anything: a new borrow waits for a slot, which the pool must free by itself
    long borrowStart = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      Duration borrowTook = Duration.ofNanos(System.nanoTime() - borrowStart);
      System.out.println("borrow after a silent fault: " + borrowTook.toMillis() + " ms, " + c);
      assertThat(PoolFixture.selectOne(c)).isEqualTo(1);
      for (InetSocketAddress a : stalled) {
        assertThat(c.toString())
            .doesNotContain("/" + a.getAddress().getHostAddress() + ":" + a.getPort() + ",");
      }
    }
    Duration bound = SELF_DETECTION.plus(SCHEDULING_MARGIN);
    for (CompletableFuture<Outcome> q : queries) {
      Outcome o = q.get(bound.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      assertThat((Throwable) o.failure()).as("the in-flight query must fail").isNotNull();
      Duration took = Duration.ofNanos(o.failedAtNanos() - faultAt);
      System.out.println("in-flight query failed " + took.toMillis() + " ms after the fault");
      assertThat(took).isLessThan(bound);
      assertThat(o.failure().getMessage()).contains("aborted by the pool");
    }
    l.close();
    // nothing else could open them first: no connect went to a stalled address before the checks
    // (a refill may race one, which opens it for its own timeout; the check is what starts it all).
    // Only stalled addresses are opened by suspicion. A probe that lands while the fleet is still
    // switching an address to its fault (the accepting listener closed, the black hole not yet
    // bound) is refused rather than timed out, so the reason may say either; at least one check
    // must have seen the silence itself.
    System.out.println("opened by the pool's suspicion: " + openedBySuspicion);
    Set<String> stalledPrefixes = new java.util.HashSet<>();
    for (InetSocketAddress a : stalled) {
      stalledPrefixes.add("/" + a.getAddress().getHostAddress() + ":" + a.getPort() + ": ");
    }
    assertThat(openedBySuspicion)
        .isNotEmpty()
        .allMatch(r -> stalledPrefixes.stream().anyMatch(r::contains), "on a stalled address")
        .allMatch(
            r -> r.contains("suspect probe timed out") || r.contains("suspect probe refused"),
            "opened by a failed suspect probe")
        .anyMatch(r -> r.contains("suspect probe timed out"));
  }

  @Test
  void aLongQueryOnAHealthyAddressIsCheckedButNeitherCutNorCharged() throws Exception {
    fleet = NeonLikeFleet.start();
    pool = PoolFixture.builder(fleet).maximumPoolSize(1).build();
    Connection c = pool.getConnection();
    held.add(c);
    InetSocketAddress address = pool.health().connections().keySet().iterator().next();
    List<String> probes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable l =
        pool.router()
            .addListener(
                new dev.detour.router.RouterEventListener() {
                  @Override
                  public void probeResult(
                      InetSocketAddress a, boolean healthy, long nanos, String detail) {
                    if (a.equals(address)) {
                      probes.add(healthy + " " + detail);
                    }
                  }
                })) {
      // twice the threshold: checked at least once, and old enough to be aborted were it open
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_sleep(" + THRESHOLD.multipliedBy(2).toMillis() / 1000.0 + ")");
      }
    }
    // the router's own background learning probes too; the pool's checks say "suspect"
    assertThat(probes).allMatch(p -> p.startsWith("true "));
    assertThat(probes).filteredOn(p -> p.contains("suspect probe answered")).isNotEmpty();
    assertThat(PoolFixture.selectOne(c)).isEqualTo(1);
    assertThat(pool.router().health(pool.host(), pool.port()))
        .allMatch(h -> h.state() == AddressHealth.State.CLOSED && h.consecutiveFailures() == 0);
  }
}
