package dev.detour.router.internal;

import static dev.detour.router.AddressHealth.State.CLOSED;
import static dev.detour.router.AddressHealth.State.HALF_OPEN;
import static dev.detour.router.AddressHealth.State.OPEN;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.internal.CandidateOrder.Entry;
import dev.detour.router.internal.CandidateOrder.Plan;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateOrderTest {

  private static final long MS = 1_000_000L;

  private static Entry e(int last, AddressHealth.State state, long rttMs, int failures) {
    return new Entry(addr(last), state, rttMs * MS, failures, 0);
  }

  private static Entry open(int last, long halfOpenAt) {
    return new Entry(addr(last), OPEN, 0, 1, halfOpenAt);
  }

  private static List<Integer> lasts(Plan plan) {
    return plan.candidates().stream()
        .map(a -> Byte.toUnsignedInt(a.getAddress().getAddress()[3]))
        .toList();
  }

  @Test
  void healthyComeFirstByRttThenHalfOpenAndOpenAreSkipped() {
    Plan plan =
        CandidateOrder.order(
            List.of(
                e(1, HALF_OPEN, 0, 1),
                e(2, CLOSED, 40, 0),
                open(3, 5),
                e(4, CLOSED, 5, 0),
                e(5, CLOSED, 20, 0)),
            0,
            0.5);
    assertThat(lasts(plan)).containsExactly(4, 5, 2, 1);
    assertThat(plan.panic()).isFalse();
    assertThat(plan.allOpen()).isFalse();
  }

  @Test
  void recentFailuresSortAnAddressAfterASteadyOne() {
    Plan plan = CandidateOrder.order(List.of(e(1, CLOSED, 5, 1), e(2, CLOSED, 50, 0)), 0, 0.5);
    assertThat(lasts(plan)).containsExactly(2, 1);
  }

  @Test
  void aRecentSlowLoserSortsAfterItsEquals() {
    Plan plan =
        CandidateOrder.order(
            List.of(
                new Entry(addr(1), CLOSED, 0, 0, 0, true),
                e(2, CLOSED, 10, 0),
                e(3, CLOSED, 10, 0)),
            0,
            0.5);
    assertThat(lasts(plan)).containsExactly(2, 3, 1);
  }

  @Test
  void anAddressNeverConnectedRanksAfterEveryKnownGoodOne() {
    // known: 10 ms and 30 ms; the new one no longer scores their average (20 ms): it comes last
    Plan plan =
        CandidateOrder.order(
            List.of(e(1, CLOSED, 30, 0), e(2, CLOSED, 0, 0), e(3, CLOSED, 10, 0)), 0, 0.5);
    assertThat(lasts(plan)).containsExactly(3, 1, 2);
  }

  @Test
  void withNoKnownGoodAddressTheColdOrderIsUnchanged() {
    Plan plan =
        CandidateOrder.order(
            List.of(e(1, CLOSED, 0, 0), e(2, CLOSED, 0, 0), e(3, CLOSED, 0, 0)), 0, 0.5);
    assertThat(lasts(plan)).containsExactly(1, 2, 3);
  }

  @Test
  void fourKnownGoodComeBeforeEightNeverTriedAndTwoSuspects() {
    List<Entry> entries = new java.util.ArrayList<>();
    // resolver order: the suspects and the never-tried ones lead DNS, the known-good ones last
    entries.add(new Entry(addr(1), CLOSED, 2 * MS, 0, 0, true, true, true));
    entries.add(new Entry(addr(2), CLOSED, 0, 0, 0, true, false, true));
    for (int i = 3; i <= 10; i++) {
      entries.add(e(i, CLOSED, 0, 0));
    }
    for (int i = 11; i <= 14; i++) {
      entries.add(e(i, CLOSED, 10 + i, 0));
    }
    for (int rotation = 0; rotation < 8; rotation++) {
      List<Integer> order = lasts(CandidateOrder.order(entries, rotation, 0.5));
      assertThat(order.subList(0, 4))
          .as("known-good first")
          .containsExactlyInAnyOrder(11, 12, 13, 14);
      assertThat(order.subList(4, 12))
          .as("never tried next")
          .containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(order.subList(12, 14)).as("suspects last").containsExactlyInAnyOrder(1, 2);
    }
  }

  @Test
  void aSuspectSortsAfterEveryKnownGoodAddressNotJustItsEquals() {
    // #1 has the best RTT by far, but its attempt is still in flight after another address won
    Plan plan =
        CandidateOrder.order(
            List.of(
                new Entry(addr(1), CLOSED, 1 * MS, 0, 0, true, true, true),
                e(2, CLOSED, 90, 2),
                e(3, CLOSED, 40, 0)),
            0,
            0.5);
    assertThat(lasts(plan)).containsExactly(3, 2, 1);
  }

  @Test
  void equallyGoodAddressesTakeTurnsFirst() {
    List<Entry> entries =
        List.of(e(1, CLOSED, 10, 0), e(2, CLOSED, 11, 0), e(3, CLOSED, 10, 0), e(4, CLOSED, 90, 0));
    Map<Integer, Integer> firsts = new HashMap<>();
    for (int rotation = 0; rotation < 30; rotation++) {
      Plan plan = CandidateOrder.order(entries, rotation, 0.5);
      firsts.merge(lasts(plan).get(0), 1, Integer::sum);
      assertThat(lasts(plan).get(3)).as("the slow one stays last").isEqualTo(4);
    }
    assertThat(firsts).containsOnlyKeys(1, 2, 3).containsValues(10, 10, 10);
  }

  @Test
  void panicModeAppendsOpenAddressesSoonestFirst() {
    Plan plan =
        CandidateOrder.order(
            List.of(open(1, 300), open(2, 100), e(3, CLOSED, 5, 0), open(4, 200)), 0, 0.5);
    assertThat(plan.panic()).isTrue();
    assertThat(lasts(plan)).containsExactly(3, 2, 4, 1);
  }

  @Test
  void atTheThresholdThereIsNoPanic() {
    Plan plan =
        CandidateOrder.order(
            List.of(open(1, 1), open(2, 2), e(3, CLOSED, 5, 0), e(4, CLOSED, 5, 0)), 0, 0.5);
    assertThat(plan.panic()).isFalse();
    assertThat(lasts(plan)).containsExactlyInAnyOrder(3, 4);
  }

  @Test
  void withProbesOffHalfOpenTrialsGoToUserTrafficButOpenOnesAreNotDialed() {
    Plan plan = CandidateOrder.order(List.of(open(1, 1), e(2, HALF_OPEN, 0, 1)), 0, 0.5, true);
    assertThat(plan.allOpen()).isFalse();
    assertThat(plan.panic()).isFalse();
    assertThat(lasts(plan)).containsExactly(2);
  }

  @Test
  void withProbesOnNothingClosedMeansFastFailEvenWhileTrialsRun() {
    Plan plan = CandidateOrder.order(List.of(open(1, 1), e(2, HALF_OPEN, 0, 1)), 0, 0.5, false);
    assertThat(plan.allOpen()).isTrue();
    assertThat(plan.candidates()).isEmpty();
  }

  @Test
  void panicAddsTheOpenOnesOnlyWhenSomeAreClosed() {
    Plan plan =
        CandidateOrder.order(List.of(open(1, 1), open(2, 2), e(3, CLOSED, 5, 0)), 0, 0.5, false);
    assertThat(plan.panic()).isTrue();
    assertThat(lasts(plan)).containsExactly(3, 1, 2);
  }

  @Test
  void everyAddressOpenMeansAnEmptyPlanAndFastFail() {
    Plan plan = CandidateOrder.order(List.of(open(1, 1), open(2, 2)), 0, 0.5);
    assertThat(plan.allOpen()).isTrue();
    assertThat(plan.candidates()).isEmpty();
  }

  @Test
  void familiesAreInterleavedStartingWithTheResolversFirstFamily() throws Exception {
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5432);
    List<Entry> v4First =
        List.of(
            e(1, CLOSED, 0, 0),
            e(2, CLOSED, 0, 0),
            new Entry(v6, CLOSED, 0, 0, 0),
            e(3, CLOSED, 0, 0));
    assertThat(CandidateOrder.order(v4First, 0, 0.5).candidates())
        .containsExactly(addr(1), v6, addr(2), addr(3));
    List<Entry> v6First =
        List.of(new Entry(v6, CLOSED, 0, 0, 0), e(1, CLOSED, 0, 0), e(2, CLOSED, 0, 0));
    assertThat(CandidateOrder.order(v6First, 0, 0.5).candidates())
        .containsExactly(v6, addr(1), addr(2));
  }

  @Test
  void singleFamilyKeepsScoreOrder() {
    assertThat(CandidateOrder.interleave(List.of(addr(3), addr(1), addr(2)), false))
        .containsExactly(addr(3), addr(1), addr(2));
  }

  @Test
  void scoresSortStablyOnBothSidesOfTheInsertionSortLimit() {
    java.util.Random random = new java.util.Random(7);
    for (int n : new int[] {1, 2, 12, 32, 33, 64, 200}) {
      for (int round = 0; round < 20; round++) {
        long[] score = new long[n];
        for (int i = 0; i < n; i++) {
          score[i] = random.nextInt(5) * MS; // many equal scores: order among them is tested
        }
        List<Integer> expected =
            java.util.stream.IntStream.range(0, n)
                .boxed()
                .sorted(
                    java.util.Comparator.<Integer>comparingLong(i -> score[i])
                        .thenComparingInt(i -> i))
                .toList();
        assertThat(CandidateOrder.sortedByScore(score))
            .as("n=%d", n)
            .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
      }
    }
  }

  @Test
  void aLargeHostIsOrderedByScoreAsASmallOneIs() {
    // 40 addresses (past the insertion-sort limit): RTT 40 ms, 39 ms ... 1 ms, none tied
    List<Entry> entries = new java.util.ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      entries.add(e(i, CLOSED, 41 - i, 0));
    }
    List<Integer> expected = new java.util.ArrayList<>();
    for (int i = 40; i >= 1; i--) {
      expected.add(i);
    }
    // the tie band of the best (1 ms) is 2 ms: addresses 40 and 39 tie, rotated by 1
    Collections.swap(expected, 0, 1);
    assertThat(lasts(CandidateOrder.order(entries, 1, 0.5))).isEqualTo(expected);
  }
}
