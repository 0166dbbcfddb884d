package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.Harness.ips;
import static dev.detour.router.internal.ScriptedDialer.Kind.BLACKHOLE;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-good first, suspects last, background learning and shared findings, on virtual time: a
 * fleet of 12 addresses of which the first 8 in DNS order are black holes.
 */
class BackgroundLearningTest {

  private static final Duration MS10 = Duration.ofMillis(10);

  /** 12 addresses, #1 to #8 black holes, #9 to #12 connect in 10 ms and answer probes. */
  private static Harness fleet(boolean learning) {
    Harness h = new Harness(Harness.config().learning(learning).build(), 12);
    h.dialer.otherwise(CONNECT, MS10);
    for (int i = 1; i <= 8; i++) {
      h.dialer.on(addr(i), BLACKHOLE, Duration.ZERO);
    }
    for (int i = 9; i <= 12; i++) {
      h.prober.healthy(addr(i), true);
    }
    return h;
  }

  private static long dialsToBlackHoles(Harness h) {
    long n = 0;
    for (int i = 1; i <= 8; i++) {
      n += h.dialer.dialsTo(addr(i));
    }
    return n;
  }

  @Test
  void theFirstConnectProbesEveryUnknownAddressOnceAndConcurrently() {
    try (Harness h = fleet(true)) {
      RoutedSocket won = h.connected();
      won.markReady();

      assertThat(h.prober.probes).hasSize(12).doesNotHaveDuplicates();
      h.clock.advance(Duration.ofMillis(1_500)); // one minAttemptTimeout
      List<AddressHealth> health = h.router.health(HOST, PORT);
      for (int i = 0; i < 8; i++) {
        assertThat(health.get(i).state())
            .as("black hole #%d", i + 1)
            .isEqualTo(AddressHealth.State.OPEN);
      }
      for (int i = 8; i < 12; i++) {
        assertThat(health.get(i).state()).isEqualTo(AddressHealth.State.CLOSED);
        // the winner's TCP connect is an RTT sample; the others were learned by a probe, whose
        // time (connect + SSLRequest) is not
        if (health.get(i).address().equals(won.address())) {
          assertThat(health.get(i).rttEwmaNanos()).isPositive();
        } else {
          assertThat(health.get(i).rttEwmaNanos()).isZero();
        }
      }
    }
  }

  @Test
  void aProbeThatFindsAGoodAddressStartsItInTheColdRaceAtOnce() {
    try (Harness h = fleet(true)) {
      RoutedSocket s = h.connected();

      // probes start at minAttemptDelay (100 ms) while the race runs; #9 answers its probe 5 ms
      // later and the race starts it then (connected at 115 ms) instead of at 800 ms
      assertThat(s.address()).isIn(addr(9), addr(10), addr(11), addr(12));
      assertThat(h.elapsedMillis()).isEqualTo(115);
    }
  }

  @Test
  void onAHealthyFleetTheProbesStartOnlyOnceTheFirstConnectIsReady() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 12)) {
      h.dialer.otherwise(CONNECT, MS10);
      PendingConnect p = h.connect();
      h.clock.advance(MS10);
      assertThat(p.future()).isDone();
      h.clock.advance(Duration.ofMillis(300)); // the first connection's handshake under way
      assertThat(h.prober.probes).as("nothing competes with the first connect").isEmpty();

      RoutedSocket s = p.future().join();
      s.markReady();

      // every other address, and the winner, whose handshake has proven it, once as the reference
      assertThat(h.prober.probes).hasSize(12).doesNotHaveDuplicates();
    }
  }

  @Test
  void aHandshakeThatDoesNotSettleHoldsTheProbesBackForHalfASecondAtMost() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 12)) {
      h.dialer.otherwise(CONNECT, MS10);
      h.connect();
      h.clock.advance(Duration.ofMillis(499));
      assertThat(h.prober.probes).isEmpty();

      h.clock.advance(Duration.ofMillis(1));

      // every address: the winner too, whose TCP connect proves nothing about its handshake (an
      // accept-then-stall address accepts every TCP connect)
      assertThat(h.prober.probes).hasSize(12).doesNotHaveDuplicates();
    }
  }

  @Test
  void aFailedHandshakeStartsTheProbesAtOnce() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 12)) {
      h.dialer.otherwise(CONNECT, MS10);
      RoutedSocket s = h.connected();
      assertThat(h.prober.probes).isEmpty();

      s.markFailed(new java.io.IOException("the server closed the connection"));

      assertThat(h.prober.probes).hasSize(12).doesNotHaveDuplicates();
    }
  }

  @Test
  void noConnectAfterTheFirstDialsAnAddressTheRouterHasNotLearned() {
    try (Harness h = fleet(true)) {
      h.connected().markReady();
      long afterFirst = dialsToBlackHoles(h);
      for (int i = 0; i < 49; i++) {
        long t = h.clock.nanoTime();
        RoutedSocket s = h.connected();
        s.markReady();
        assertThat(Duration.ofNanos(h.clock.nanoTime() - t)).isEqualTo(MS10);
        h.clock.advance(Duration.ofMillis(40)); // 50 connects spread over 2.5 s
      }
      assertThat(dialsToBlackHoles(h))
          .as("black holes dialed after the first connect")
          .isEqualTo(afterFirst);
    }
  }

  @Test
  void withoutLearningANeverTriedAddressStillRanksAfterTheKnownGoodOne() {
    try (Harness h = fleet(false)) {
      h.connected().markReady(); // cold race: #9 wins after #1 to #8
      for (int i = 0; i < 20; i++) {
        long before = dialsToBlackHoles(h);
        h.connected().markReady();
        assertThat(dialsToBlackHoles(h)).isEqualTo(before);
      }
      assertThat(h.dialer.dialsTo(addr(10))).as("never tried, never explored by a user").isZero();
    }
  }

  @Test
  void noProbeForAHostNobodyConnectsToAndOnlyTheNewAddressWhenDnsAddsOne() {
    try (Harness h = fleet(true)) {
      h.resolver.set(HOST, ips(1, 13)); // DNS changes before anyone connects
      h.clock.advance(Duration.ofSeconds(5));
      assertThat(h.prober.probes).isEmpty();

      h.connected().markReady();
      h.clock.advance(Duration.ofSeconds(2));
      assertThat(h.prober.probes).hasSize(13);

      h.resolver.set(HOST, ips(1, 14));
      // the new address, beside up to 3 known-good references (the reference-address rule)
      List<InetSocketAddress> added = h.prober.probes.subList(13, h.prober.probes.size());
      assertThat(added).contains(addr(14)).hasSizeLessThanOrEqualTo(1 + 3);
      assertThat(added)
          .allSatisfy(a -> assertThat(a).isIn(addr(9), addr(10), addr(11), addr(12), addr(14)));
    }
  }

  @Test
  void oneLearningProbePerAddressWhateverTheNumberOfConnects() {
    try (Harness h = fleet(true)) {
      for (int i = 0; i < 10; i++) {
        h.connect(); // ten concurrent connects while the probes run
      }
      // the cold races rotate over the 12 (all untried): the one that started on #9 connected in
      // 10 ms and the others started #9 at once, so every race has won before minAttemptDelay and
      // no connection is marked ready: the probes start after the longest settle wait
      h.clock.advance(Duration.ofNanos(BackgroundLearning.SETTLE_WAIT_NANOS));
      for (int i = 1; i <= 12; i++) {
        assertThat(h.prober.probesOf(addr(i)))
            .as("%s in %s", addr(i), h.prober.probes)
            .isLessThanOrEqualTo(1);
      }
      for (int i = 1; i <= 8; i++) {
        assertThat(h.prober.probesOf(addr(i))).as("black hole %s", addr(i)).isEqualTo(1);
      }
    }
  }

  @Test
  void anAttemptInFlightWhenAnotherWonSortsAfterTheKnownGoodUntilItsOutcomeArrives() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).otherwise(CONNECT, MS10);
      h.connected().markReady(); // #1@0 (in flight), #2@100 wins: #1 is a suspect
      h.dialer.on(addr(2), BLACKHOLE, Duration.ZERO);
      long t1 = h.clock.nanoTime();
      int before = h.dialer.dials.size();

      h.connected().markReady();

      // #2 known-good first, then #3 (never tried), and the suspect #1 not at all
      assertThat(h.dialer.log(t1).subList(before, h.dialer.dials.size()))
          .containsExactly("127.0.0.2:5432@0ms", "127.0.0.3:5432@100ms");
    }
  }

  @Test
  void aRaceThatStartsWhileAnotherRunsUsesTheAddressThatRaceFound() {
    try (Harness h = fleet(false)) {
      PendingConnect first = h.connect();
      h.clock.advance(Duration.ofMillis(400));
      PendingConnect second = h.connect();
      h.settle(first); // #9 connects at 810 ms

      h.settle(second);

      assertThat(second.future().join().address()).isEqualTo(addr(9));
      // alone, the second race would have reached #9 at 400 + 800 ms
      assertThat(h.dialer.log(h.t0)).contains("127.0.0.9:5432@810ms");
      assertThat(h.elapsedMillis()).isLessThanOrEqualTo(820);
    }
  }
}
