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
}
