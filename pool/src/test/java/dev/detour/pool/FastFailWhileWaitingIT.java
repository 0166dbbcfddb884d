package dev.detour.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.detour.core.NamedThreadFactory;
import dev.detour.router.AddressHealth;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transition into fast-fail: a borrow already waiting in Hikari when every address opens fails
 * fast too, instead of waiting out the acquire timeout; and the pool's {@code detour.pool.*} meters
 * count what happened, next to Hikari's own.
 */
class FastFailWhileWaitingIT {

  /** Far above what the borrower needs once released, far below its acquire timeout. */
  private static final Duration RELEASED_WITHIN = Duration.ofSeconds(2);

  private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(20);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ExecutorService borrowers =
      Executors.newCachedThreadPool(new NamedThreadFactory("waiting-borrower-it"));
  private NeonLikeFleet fleet;
  private DetourDataSource pool;

  @AfterEach
  void stop() throws Exception {
    if (pool != null) {
      pool.close();
    }
    borrowers.shutdownNow();
    assertThat(borrowers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    if (fleet != null) {
      fleet.close();
    }
    RouterRegistry.closeAll();
  }

  /** What the waiting borrower saw: its failure, when, and its interrupt flag after. */
  private record Seen(SQLException failure, long atNanos, boolean interruptedAfter) {}

  private double count(String name, String... tags) {
    var search = meters.find(name).tag("pool", pool.poolName());
    for (int i = 0; i < tags.length; i += 2) {
      search = search.tag(tags[i], tags[i + 1]);
    }
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aBorrowWaitingWhenEveryAddressOpensFailsFastAndTheMetersCountIt() throws Exception {
    fleet = NeonLikeFleet.start();
    pool =
        PoolFixture.builder(fleet)
            .maximumPoolSize(1)
            .acquireTimeout(ACQUIRE_TIMEOUT)
            .meterRegistry(meters)
            .build();
    Connection held = pool.getConnection(); // the only slot
    CompletableFuture<Seen> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection unexpected = pool.getConnection()) {
                throw new AssertionError("borrowed while every address is open: " + unexpected);
              } catch (SQLException e) {
                return new Seen(e, System.nanoTime(), Thread.currentThread().isInterrupted());
              }
            },
            borrowers);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pool.poolStats().getThreadsAwaitingConnection() == 1);

    // every address stalls, as sibling connections would report it: each breaker opens at once
    long openedAt = 0;
    for (AddressHealth h : pool.router().health(pool.host(), pool.port())) {
      pool.router()
          .reportFailure(
              pool.host(),
              pool.port(),
              h.address(),
              new SocketTimeoutException("Read timed out (sibling)"));
      openedAt = System.nanoTime();
    }

    Seen seen = waiting.get(RELEASED_WITHIN.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(seen.atNanos() - openedAt);
    System.out.println("waiting borrow failed " + took.toMillis() + " ms after the last opening");
    assertThat(took).isLessThan(RELEASED_WITHIN);
    assertThat((Throwable) seen.failure())
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessageStartingWith("database unreachable: ");
    assertThat(seen.failure().getSQLState()).isEqualTo("08001");
    assertThat(seen.interruptedAfter()).as("the pool's wake-up must not leak").isFalse();

    assertThat(count("detour.pool.fastfails")).isEqualTo(1);
    assertThat(count("detour.pool.acquire.failures", "kind", "unreachable")).isEqualTo(1);
    assertThat(count("detour.pool.acquire.failures", "kind", "exhausted")).isZero();
    assertThat(count("detour.pool.evictions", "reason", "breaker-open"))
        .as("the held connection, doomed on an open address")
        .isGreaterThanOrEqualTo(1);
    assertThat(meters.find("hikaricp.connections.active").gauge())
        .as("Hikari's own meters on the same registry")
        .isNotNull();
    held.close();
  }

  @Test
  void anExhaustedBorrowIsCountedAsExhausted() throws Exception {
    fleet = NeonLikeFleet.start();
    pool =
        PoolFixture.builder(fleet)
            .maximumPoolSize(1)
            .acquireTimeout(Duration.ofMillis(500))
            .meterRegistry(meters)
            .build();
    // warm-up, not a claim: the first connect (DNS, SCRAM) may exceed 500ms on a loaded machine
    List<Connection> held = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> held.add(pool.getConnection()));
    double unreachableWhileWarming = count("detour.pool.acquire.failures", "kind", "unreachable");
    assertThatThrownBy(pool::getConnection).hasMessageStartingWith("pool exhausted: 1 active");
    held.get(0).close();
    assertThat(count("detour.pool.acquire.failures", "kind", "exhausted")).isEqualTo(1);
    assertThat(count("detour.pool.acquire.failures", "kind", "unreachable"))
        .isEqualTo(unreachableWhileWarming);
    assertThat(count("detour.pool.fastfails")).isZero();
  }
}
