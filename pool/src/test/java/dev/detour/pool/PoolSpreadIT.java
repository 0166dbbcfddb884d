package dev.detour.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new pool fills before the router knows more than one address; it then spreads its connections
 * over the healthy addresses as they are returned, so that one address that stalls does not take
 * the whole pool with it.
 */
class PoolSpreadIT {

  private NeonLikeFleet fleet;
  private DetourDataSource pool;
  private final List<Connection> held = new ArrayList<>();

  @AfterEach
  void stop() {
    PoolFixture.tearDown(held, pool, fleet);
  }

  @Test
  void aPoolThatFilledOnOneAddressSpreadsOverTheHealthyOnesUnderUse() throws Exception {
    fleet = NeonLikeFleet.start(4, TestPostgres.shared());
    pool = PoolFixture.builder(fleet).maximumPoolSize(8).build();

    // use the pool: borrow every connection, then return them all, again and again (bounded)
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              cycle(8);
              Map<InetSocketAddress, Integer> by = pool.health().connections();
              return by.size() >= 3 && Collections.max(by.values()) <= 3;
            });

    Map<InetSocketAddress, Integer> spread = pool.health().connections();
    assertThat(spread.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    assertThat(spread.keySet())
        .allSatisfy(a -> assertThat(PoolFixture.indexOf(fleet, a)).isNotNegative());
  }

  /** Borrows {@code n} connections at once, runs a query on each, returns them all. */
  private void cycle(int n) throws Exception {
    try {
      for (int i = 0; i < n; i++) {
        Connection c = pool.getConnection();
        held.add(c);
        assertThat(PoolFixture.selectOne(c)).isEqualTo(1);
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
      held.clear();
    }
  }
}
