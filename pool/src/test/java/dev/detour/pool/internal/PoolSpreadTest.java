package dev.detour.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.testkit.FakeClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which addresses a new connection tries last, and when a returned connection moves. */
class PoolSpreadTest {

  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.11", 5432);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.12", 5432);
  private static final InetSocketAddress C = new InetSocketAddress("127.0.0.13", 5432);
  private static final InetSocketAddress D = new InetSocketAddress("127.0.0.14", 5432);

  @Test
  void anAddressHoldingItsShareOfTheNextConnectionIsTriedLast() {
    // 4 connections on 3 healthy addresses: the 5th's share is ceil(5 / 3) = 2
    assertThat(PoolSpread.crowded(Map.of(A, 3, B, 1), Set.of(A, B, C))).containsExactly(A);
    assertThat(PoolSpread.crowded(Map.of(A, 2, B, 2), Set.of(A, B, C)))
        .containsExactlyInAnyOrder(A, B);
    // a connection on an address that is not healthy does not count for the share
    assertThat(PoolSpread.crowded(Map.of(A, 1, D, 5), Set.of(A, B))).containsExactly(A);
  }

  @Test
  void withOneHealthyAddressOrEveryOneAtItsShareNothingIsTriedLast() {
    assertThat(PoolSpread.crowded(Map.of(A, 9), Set.of(A))).isEmpty();
    assertThat(PoolSpread.crowded(Map.of(), Set.of())).isEmpty();
    assertThat(PoolSpread.crowded(Map.of(A, 2, B, 2), Set.of(A, B))).isEmpty();
  }

  @Test
  void aConnectionMovesOnlyFromAHealthyAddressTwoAboveTheLeastUsed() {
    Set<InetSocketAddress> healthy = Set.of(A, B, C);
    assertThat(PoolSpread.overloaded(A, Map.of(A, 2), healthy)).isTrue(); // B and C hold none
    assertThat(PoolSpread.overloaded(A, Map.of(A, 2, B, 1, C, 1), healthy)).isFalse(); // balanced
    assertThat(PoolSpread.overloaded(A, Map.of(A, 3, B, 2, C, 1), healthy)).isTrue();
    assertThat(PoolSpread.overloaded(D, Map.of(D, 5), healthy)).isFalse(); // not healthy
    assertThat(PoolSpread.overloaded(A, Map.of(A, 10), Set.of(A))).isFalse(); // nowhere to go
  }

  @Test
  void movesWaitForTheRouterToLearnThenComeAtMostOnePerInterval() {
    FakeClock clock = new FakeClock();
    PoolSpread spread = new PoolSpread(() -> List.of(closed(A), closed(B), closed(C)), clock);
    List<PhysicalConnection> live = sixOn(A);
    PhysicalConnection returned = live.get(0);

    clock.advance(Duration.ofMillis(2_900));
    assertThat(spread.shouldMove(returned, live)).as("the router is still learning").isFalse();
    clock.advance(Duration.ofMillis(100));
    assertThat(spread.shouldMove(returned, live)).isTrue();
    assertThat(spread.shouldMove(live.get(1), live)).as("one move per 250 ms").isFalse();
    clock.advance(Duration.ofMillis(250));
    assertThat(spread.shouldMove(live.get(1), live))
        .as("the first move's replacement is not open yet")
        .isFalse();
    spread.opened(clock.nanoTime());
    clock.advance(Duration.ofMillis(250));
    assertThat(spread.shouldMove(live.get(1), live)).isTrue();

    // a doomed connection does not count: 2 live on A, 2 on B, 2 on C is balanced
    live.clear();
    live.add(new PhysicalConnection(null, A));
    live.add(new PhysicalConnection(null, A));
    PhysicalConnection leaving = new PhysicalConnection(null, A);
    leaving.doom("evicted");
    live.add(leaving);
    live.add(new PhysicalConnection(null, B));
    live.add(new PhysicalConnection(null, B));
    live.add(new PhysicalConnection(null, C));
    live.add(new PhysicalConnection(null, C));
    clock.advance(Duration.ofSeconds(1));
    assertThat(spread.shouldMove(live.get(0), live)).isFalse();
    assertThat(spread.tryLast(live)).as("every address below the next share").isEmpty();
  }

  @Test
  void aMoveWaitsForThePreviousMovesReplacementAtMostTenSeconds() {
    FakeClock clock = new FakeClock();
    PoolSpread spread = new PoolSpread(() -> List.of(closed(A), closed(B), closed(C)), clock);
    List<PhysicalConnection> live = sixOn(A);
    clock.advance(Duration.ofSeconds(3));
    assertThat(spread.shouldMove(live.get(0), live)).isTrue();
    for (int i = 0; i < 39; i++) {
      clock.advance(Duration.ofMillis(250));
      assertThat(spread.shouldMove(live.get(1), live)).as("at +%d ms", 250 * (i + 1)).isFalse();
    }
    clock.advance(Duration.ofMillis(250)); // 10 s after the first move, no replacement opened
    assertThat(spread.shouldMove(live.get(1), live)).isTrue();
    assertThat(spread.shouldMove(live.get(2), live)).isFalse();
    long before = clock.nanoTime() - 1;
    spread.opened(before);
    clock.advance(Duration.ofMillis(250));
    assertThat(spread.shouldMove(live.get(2), live))
        .as("a connect that began before the move is not its replacement")
        .isFalse();
    spread.opened(clock.nanoTime());
    clock.advance(Duration.ofMillis(250));
    assertThat(spread.shouldMove(live.get(2), live)).isTrue();
  }

  @Test
  void aBalancedPoolUnderLoadIsLookedAtOncePerIntervalNotOncePerReturn() {
    FakeClock clock = new FakeClock();
    List<AddressHealth> health = List.of(closed(A), closed(B));
    int[] healthReads = new int[1];
    PoolSpread spread =
        new PoolSpread(
            () -> {
              healthReads[0]++;
              return health;
            },
            clock);
    List<PhysicalConnection> live =
        List.of(new PhysicalConnection(null, A), new PhysicalConnection(null, B));
    clock.advance(Duration.ofSeconds(3));
    for (int i = 0; i < 1_000; i++) {
      assertThat(spread.shouldMove(live.get(i % 2), live)).isFalse();
    }
    assertThat(healthReads[0]).isEqualTo(1);
    clock.advance(Duration.ofMillis(250));
    assertThat(spread.shouldMove(live.get(0), live)).isFalse();
    assertThat(healthReads[0]).isEqualTo(2);
  }

  /** Six live connections on {@code a}. */
  private static List<PhysicalConnection> sixOn(InetSocketAddress a) {
    List<PhysicalConnection> live = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      live.add(new PhysicalConnection(null, a));
    }
    return live;
  }

  static AddressHealth closed(InetSocketAddress a) {
    return new AddressHealth(
        a,
        AddressHealth.State.CLOSED,
        1_000_000,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
