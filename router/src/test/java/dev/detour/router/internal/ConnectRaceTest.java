package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.BLACKHOLE;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.detour.router.AddressHealth;
import dev.detour.router.AttemptOutcome;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Happy Eyeballs race, on virtual time, through the router. */
class ConnectRaceTest {

  private static final Duration MS10 = Duration.ofMillis(10);

  @Test
  void secondAddressWinsWhenFirstBlackholes() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).otherwise(CONNECT, MS10);

      RoutedSocket s = h.connected();

      assertThat(s.address()).isEqualTo(addr(2));
      assertThat(h.dialer.log(h.t0)).containsExactly("127.0.0.1:5432@0ms", "127.0.0.2:5432@100ms");
      assertThat(h.dialer.cancelled(addr(1)))
          .as("the slower loser is left to finish, so its health is learned")
          .isFalse();
      assertThat(h.dialer.dials)
          .as("an asynchronous connect has no waiting thread to offer; the loser is detached")
          .extracting(d -> d.offeredToCaller, d -> d.detached)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(false, true),
              org.assertj.core.groups.Tuple.tuple(false, false));
      assertThat(h.log.lines())
          .containsExactly(
              "0ms connectStart db.neon.test:5432",
              "0ms attemptStart 127.0.0.1:5432 timeout=3.3s",
              "100ms attemptStart 127.0.0.2:5432 timeout=4s",
              "110ms attemptEnd 127.0.0.2:5432 CONNECTED",
              "110ms raceWon 127.0.0.2:5432 after 2",
              "110ms connectEnd db.neon.test:5432 127.0.0.2:5432 attempts=2");
      assertThat(s.attempts())
          .extracting(AttemptOutcome::address, AttemptOutcome::result)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(addr(1), AttemptOutcome.Result.CANCELLED),
              org.assertj.core.groups.Tuple.tuple(addr(2), AttemptOutcome.Result.CONNECTED));
      assertThat(s.attempts().get(1).startNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
      assertThat(s.elapsedNanos()).isEqualTo(Duration.ofMillis(110).toNanos());
      // the loser has not failed yet: still closed, no failure
      AddressHealth first = h.router.health(Harness.HOST, Harness.PORT).get(0);
      assertThat(first.state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(first.consecutiveFailures()).isZero();

      // its own 3.3 s timeout runs out in the background: the black hole is learned
      h.clock.advance(Duration.ofSeconds(4));
      first = h.router.health(Harness.HOST, Harness.PORT).get(0);
      assertThat(first.state()).isEqualTo(AddressHealth.State.OPEN);
      assertThat(first.lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("timed out"));
      assertThat(h.dialer.cancelled(addr(1))).isTrue();
      // the detached loser's event (and so the attempts metric) carries its real outcome, once
      assertThat(h.log.matching("attemptEnd 127.0.0.1"))
          .containsExactly("3.3s attemptEnd 127.0.0.1:5432 TIMED_OUT");
    }
  }

  @Test
  void aBlockingConnectOffersItsOwnThreadToTheFirstDialOnly() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).otherwise(CONNECT, MS10);
      CompletableFuture<Object> caller = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  caller.complete(h.router.connect(Harness.HOST, Harness.PORT));
                } catch (Throwable e) {
                  caller.complete(e);
                }
              },
              "blocking-caller");
      t.setDaemon(true);
      t.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> h.dialer.dialsTo(addr(1)) == 1);
      for (int i = 0; i < 2_000 && !caller.isDone(); i++) {
        h.clock.advance(Duration.ofMillis(1));
      }

      Object result = caller.get(30, TimeUnit.SECONDS);
      assertThat(result).isInstanceOf(RoutedSocket.class);
      assertThat(((RoutedSocket) result).address()).isEqualTo(addr(2));
      assertThat(h.dialer.dials)
          .as("the first dial may run on the waiting thread; the staggered one cannot")
          .extracting(d -> d.offeredToCaller, d -> d.detached)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(true, true),
              org.assertj.core.groups.Tuple.tuple(false, false));
    }
  }

  @Test
  void aColdRaceIsStaggeredByTheMinimumDelayWithShrinkingShares() {
    try (Harness h = new Harness(Harness.config().build(), 4)) {
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO).on(addr(4), CONNECT, Duration.ofMillis(100));

      RoutedSocket s = h.connected();

      assertThat(s.address()).isEqualTo(addr(4));
      assertThat(h.log.matching("attemptStart"))
          .containsExactly(
              "0ms attemptStart 127.0.0.1:5432 timeout=2.5s",
              "100ms attemptStart 127.0.0.2:5432 timeout=3.3s",
              "200ms attemptStart 127.0.0.3:5432 timeout=4s",
              "300ms attemptStart 127.0.0.4:5432 timeout=4s");
      assertThat(h.log.matching("raceWon")).containsExactly("400ms raceWon 127.0.0.4:5432 after 4");
    }
  }

  @Test
  void aFailedAttemptStartsTheNextAtOnce() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer
          .on(addr(1), REFUSE, Duration.ofMillis(20))
          .on(addr(2), BLACKHOLE, Duration.ZERO)
          .on(addr(3), CONNECT, MS10);

      RoutedSocket s = h.connected();

      assertThat(s.address()).isEqualTo(addr(3));
      // the refusal at 20 ms starts #2 at once, and restarts the (cold) delay for #3
      assertThat(h.dialer.log(h.t0))
          .containsExactly("127.0.0.1:5432@0ms", "127.0.0.2:5432@20ms", "127.0.0.3:5432@120ms");
    }
  }

  @Test
  void perAttemptTimeoutIsTheRemainingShareClampedAndNeverPastTheBudget() {
    RouterConfig c = RouterConfig.defaults();
    long s = 1_000_000_000L;
    assertThat(RaceTiming.attemptTimeout(c, 10 * s, 3)).isEqualTo(10 * s / 3);
    assertThat(RaceTiming.attemptTimeout(c, 10 * s, 12)).as("floor").isEqualTo(1_500_000_000L);
    assertThat(RaceTiming.attemptTimeout(c, 10 * s, 1)).as("ceiling").isEqualTo(4 * s);
    assertThat(RaceTiming.attemptTimeout(c, s, 4)).as("never past the budget").isEqualTo(s);
    assertThat(RaceTiming.attemptTimeout(c, 2 * s, 1)).isEqualTo(2 * s);
  }

  @Test
  void withoutHistoryEveryCandidateMayRunAtOnceAtTheMinimumDelay() {
    RouterConfig c = Harness.config().maxConcurrentAttempts(2).build();
    try (Harness h = new Harness(c, 6)) {
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO);

      h.failed();

      // no RTT history: K is every candidate (not 2), 100 ms apart, none waits for a timeout
      assertThat(h.dialer.log(h.t0))
          .containsExactly(
              "127.0.0.1:5432@0ms",
              "127.0.0.2:5432@100ms",
              "127.0.0.3:5432@200ms",
              "127.0.0.4:5432@300ms",
              "127.0.0.5:5432@400ms",
              "127.0.0.6:5432@500ms");
    }
  }

  @Test
  void rttHistoryShortensTheDelayAndAStalledAttemptDoesNotHoldTheNextBack() {
    try (Harness h = new Harness(Harness.config().build(), 4)) {
      h.dialer.otherwise(CONNECT, MS10);
      h.connected().markReady(); // #1 is known-good (10 ms), #2 to #4 never tried
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO);
      long t1 = h.clock.nanoTime();
      int before = h.dialer.dials.size();

      h.failed();

      // delay = 2 x 10 ms, raised to the 100 ms floor; K = 3, but an attempt older than the delay
      // stops counting (RFC 8305), so #4 starts at 300 ms, not at #1's timeout (2.5 s)
      assertThat(h.dialer.log(t1).subList(before, before + 4))
          .containsExactly(
              "127.0.0.1:5432@0ms",
              "127.0.0.2:5432@100ms",
              "127.0.0.3:5432@200ms",
              "127.0.0.4:5432@300ms");
    }
  }

  @Test
  void stalledAttemptsStopAtTheHardCapOnSocketsInFlight() {
    RouterConfig c = Harness.config().maxConcurrentAttempts(2).build();
    try (Harness h = new Harness(c, 20)) {
      h.dialer.otherwise(CONNECT, MS10);
      h.connected().markReady(); // history: K = 2, hard cap max(2, 4 x 2) = 8
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO);
      long t1 = h.clock.nanoTime();
      int before = h.dialer.dials.size();
      PendingConnect p = h.connect();
      h.clock.runUntilIdle();
      h.clock.advance(Duration.ofMillis(1_400)); // before the first attempt's 1.5 s timeout

      assertThat(h.dialer.dials.size() - before)
          .as("sockets in flight for one connect")
          .isEqualTo(RaceTiming.maxInFlight(c, new RaceTiming(100_000_000L, 2)))
          .isEqualTo(8);
      assertThat(h.dialer.log(t1).get(before + 7)).isEqualTo("127.0.0.8:5432@700ms");
      h.settle(p);
    }
  }

  @Test
  void theBudgetBoundsTheRaceAndEveryTimeoutIsRecorded() {
    try (Harness h = new Harness(Harness.config().build(), 12)) {
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO);

      NoHealthyAddressException e = h.failed();

      assertThat(h.elapsedMillis()).isLessThanOrEqualTo(10_000);
      assertThat(e.isFastFail()).isFalse();
      assertThat(e.outcomes())
          .hasSize(12)
          .allSatisfy(o -> assertThat(o.result()).isEqualTo(AttemptOutcome.Result.TIMED_OUT));
      assertThat(e.getMessage())
          .startsWith("db.neon.test:5432: no address connected within 10s budget after ")
          .contains("(12 tried: 12 timed out)")
          .contains("127.0.0.12:5432 timed out after 4s")
          .endsWith(
              "check that the server is up and reachable from here, or raise"
                  + " detour.router.connectBudget");
      assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(e.getSuppressed()).hasSize(11);
      // every timeout counted (background probes of the early ones ran meanwhile, and failed)
      assertThat(h.router.health(Harness.HOST, Harness.PORT))
          .allSatisfy(
              a -> {
                assertThat(a.state()).isNotEqualTo(AddressHealth.State.CLOSED);
                assertThat(a.consecutiveFailures()).isPositive();
              });
    }
  }

  @Test
  void aTimeoutCutShortByTheBudgetIsNotHeldAgainstTheAddress() {
    RouterConfig c = Harness.config().connectBudget(Duration.ofSeconds(1)).build();
    try (Harness h = new Harness(c, 2)) {
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO);

      NoHealthyAddressException e = h.failed();

      assertThat(h.elapsedMillis()).isEqualTo(1000);
      assertThat(e.outcomes()).hasSize(2);
      assertThat(h.router.health(Harness.HOST, Harness.PORT))
          .allSatisfy(
              a -> {
                assertThat(a.state()).isEqualTo(AddressHealth.State.CLOSED);
                assertThat(a.consecutiveFailures()).isZero();
              });
    }
  }

  @Test
  void aCancelledHalfOpenLoserKeepsItsTrialForTheNextConnect() {
    RouterConfig c = Harness.config().probe(RouterConfig.ProbeMode.OFF).build();
    try (Harness h = new Harness(c, 2)) {
      h.dialer.on(addr(1), REFUSE, Duration.ofMillis(1)).on(addr(2), CONNECT, MS10);
      h.connected().markReady();
      h.clock.advance(Duration.ofSeconds(2));
      assertThat(h.router.health(Harness.HOST, Harness.PORT).get(0).state())
          .isEqualTo(AddressHealth.State.HALF_OPEN);

      // at 2.011s: #2 is slow; the half-open #1 starts its trial 100 ms later, is cut short at 400
      // ms
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).on(addr(2), CONNECT, Duration.ofMillis(400));
      h.log.clear();
      RoutedSocket s = h.connected();
      s.markReady();

      assertThat(s.address()).isEqualTo(addr(2));
      assertThat(h.log.matching("127.0.0.1"))
          .containsExactly(
              "2.111s attemptStart 127.0.0.1:5432 timeout=4s",
              "2.411s attemptEnd 127.0.0.1:5432 CANCELLED");
      assertThat(h.router.health(Harness.HOST, Harness.PORT).get(0).state())
          .isEqualTo(AddressHealth.State.HALF_OPEN);

      // the trial is available again: the next connect uses it, and it closes the breaker
      h.dialer.on(addr(1), CONNECT, MS10).on(addr(2), BLACKHOLE, Duration.ZERO);
      h.connected().markReady();
      assertThat(h.log.matching("breaker"))
          .singleElement()
          .asString()
          .endsWith("127.0.0.1:5432 HALF_OPEN->CLOSED (trial connected)");
    }
  }

  @Test
  void aSocketThatConnectsAfterItsAttemptTimedOutIsClosed() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.on(addr(1), ScriptedDialer.Kind.CONNECT_LATE, Duration.ofSeconds(5));

      NoHealthyAddressException e = h.failed();
      assertThat(e.outcomes())
          .singleElement()
          .extracting(AttemptOutcome::result)
          .isEqualTo(AttemptOutcome.Result.TIMED_OUT);
      h.clock.advance(Duration.ofSeconds(2));

      assertThat(h.dialer.dials.get(0).socket).isNotNull();
      assertThat(h.dialer.dials.get(0).socket.isClosed()).isTrue();
    }
  }

  @Test
  void aLoserThatConnectsJustAfterTheWinnerIsClosedAndTheWinnerKept() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer
          .on(addr(1), ScriptedDialer.Kind.CONNECT_LATE, Duration.ofMillis(300))
          .on(addr(2), CONNECT, Duration.ofMillis(10));

      RoutedSocket s = h.connected();
      h.clock.advance(Duration.ofMillis(250)); // past the loser's late connect at 300 ms

      assertThat(s.address()).isEqualTo(addr(2));
      assertThat(s.socket().isClosed()).isFalse();
      assertThat(h.dialer.dials.get(0).socket.isClosed()).isTrue();
    }
  }

  @Test
  void aBlackholeThatLosesTheRaceIsSortedLastThenEjectedWhenItsDetachedAttemptTimesOut() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).otherwise(CONNECT, MS10);
      h.connected().markReady();
      assertThat(h.log.matching("attemptEnd 127.0.0.1:5432"))
          .as("detached: its event waits for its real outcome")
          .isEmpty();

      for (int i = 0; i < 10; i++) {
        h.connected().markReady();
      }

      assertThat(h.dialer.dialsTo(addr(1))).as("slow: sorted after its equals").isEqualTo(1);
      assertThat(h.router.health(Harness.HOST, Harness.PORT).get(0).state())
          .as("not failed yet")
          .isEqualTo(AddressHealth.State.CLOSED);

      h.clock.advance(Duration.ofSeconds(4)); // the detached attempt's own timeout
      AddressHealth first = h.router.health(Harness.HOST, Harness.PORT).get(0);
      assertThat(first.state()).isEqualTo(AddressHealth.State.OPEN);
      assertThat(first.consecutiveFailures()).isEqualTo(1);
      assertThat(h.log.matching("breaker"))
          .singleElement()
          .asString()
          .contains("127.0.0.1:5432 CLOSED->OPEN");

      for (int i = 0; i < 3; i++) {
        h.connected().markReady();
      }
      assertThat(h.dialer.dialsTo(addr(1))).as("open: skipped").isEqualTo(1);
    }
  }
}
