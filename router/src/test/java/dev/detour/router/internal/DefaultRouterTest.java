package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.Harness.ip;
import static dev.detour.router.internal.ScriptedDialer.Kind.BLACKHOLE;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static dev.detour.router.internal.ScriptedDialer.Kind.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.AddressHealth;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The router on virtual time: fast-fail, probes, panic mode, DNS changes and the watchdog. */
class DefaultRouterTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration MS10 = Duration.ofMillis(10);

  private static List<AddressHealth.State> states(Harness h) {
    return h.router.health(HOST, PORT).stream().map(AddressHealth::state).toList();
  }

  @Test
  void everyAddressOpenFailsFastWithoutDialing() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.otherwise(REFUSE, MS);
      h.failed();
      assertThat(h.dialer.dials).hasSize(3);

      PendingConnect p = h.connect();

      // no clock turn needed: the failure is already there, and nothing was dialed
      assertThat(p.future()).isCompletedExceptionally();
      assertThat(h.dialer.dials).hasSize(3);
      Throwable t = catchFailure(p);
      assertThat(t).isInstanceOf(NoHealthyAddressException.class);
      NoHealthyAddressException e = (NoHealthyAddressException) t;
      assertThat(e.isFastFail()).isTrue();
      assertThat(e.host()).isEqualTo(HOST);
      assertThat(e.port()).isEqualTo(PORT);
      assertThat(e.nextProbeAt()).contains(Harness.WALL_START.plusMillis(2001));
      assertThat(e.health()).hasSize(3);
      assertThat(e.getMessage())
          .isEqualTo(
              "db.neon.test:5432: no healthy address within 10s budget (3 open: 3 refused);"
                  + " fast-fail open until 13:02:02 [127.0.0.1:5432 open, refused 2ms ago;"
                  + " 127.0.0.2:5432 open, refused 1ms ago; 127.0.0.3:5432 open, refused 0ns ago];"
                  + " failing without dialing until a background probe or a DNS change"
                  + " re-admits an address");
      assertThat(h.log.matching("fastFail")).containsExactly("3ms fastFail db.neon.test:5432");
    }
  }

  @Test
  void resetForgetsOpenBreakersSoTheNextConnectDialsAtOnce() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.otherwise(REFUSE, MS);
      h.failed();
      assertThat(h.router.health(HOST, PORT))
          .extracting(AddressHealth::state)
          .containsOnly(AddressHealth.State.OPEN);

      List<AddressHealth> before = h.router.reset(HOST, PORT);

      assertThat(before).extracting(AddressHealth::state).containsOnly(AddressHealth.State.OPEN);
      assertThat(h.router.health(HOST, PORT))
          .hasSize(3)
          .extracting(AddressHealth::state)
          .containsOnly(AddressHealth.State.CLOSED);
      h.connect();
      assertThat(h.dialer.dials).hasSizeGreaterThan(3); // dialed, not a fast-fail
      assertThatThrownBy(() -> h.router.reset("never.resolves.test", PORT))
          .isInstanceOf(UnknownHostException.class);
      assertThat(h.router.health(HOST, PORT)).hasSize(3); // a failed lookup resets nothing
    }
  }

  @Test
  void aBackgroundProbeReadmitsAnAddressWithoutUserTraffic() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.otherwise(REFUSE, MS);
      h.failed();
      h.prober.healthy(addr(2), true);

      h.clock.advance(Duration.ofMillis(2010));

      assertThat(h.log.matching("127.0.0.2"))
          .containsSubsequence(
              "2ms breaker 127.0.0.2:5432 CLOSED->OPEN (refused)",
              "2.002s breaker 127.0.0.2:5432 OPEN->HALF_OPEN (open time elapsed)",
              "2.007s breaker 127.0.0.2:5432 HALF_OPEN->CLOSED (trial connected)",
              "2.007s probe 127.0.0.2:5432 healthy");
      assertThat(states(h))
          .containsExactly(
              AddressHealth.State.HALF_OPEN,
              AddressHealth.State.CLOSED,
              AddressHealth.State.HALF_OPEN);

      h.dialer.on(addr(2), CONNECT, MS10);
      RoutedSocket s = h.connected();
      assertThat(s.address()).isEqualTo(addr(2));
      assertThat(h.dialer.dialsTo(addr(1))).as("the trial of #1 is the probe's").isEqualTo(1);
    }
  }

  @Test
  void aFailedProbeReopensForLonger() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.otherwise(REFUSE, MS);
      h.failed();
      h.clock.advance(Duration.ofSeconds(5));
      assertThat(h.log.matching("breaker"))
          .containsExactly(
              "1ms breaker 127.0.0.1:5432 CLOSED->OPEN (refused)",
              "2.001s breaker 127.0.0.1:5432 OPEN->HALF_OPEN (open time elapsed)",
              "4.001s breaker 127.0.0.1:5432 HALF_OPEN->OPEN (probe timed out)");
      assertThat(h.router.health(HOST, PORT).get(0).nextProbeAt())
          .contains(Harness.WALL_START.plusMillis(8001));
    }
  }

  @Test
  void whileAProbeHoldsTheOnlyTrialAConnectFailsFastInsteadOfWaiting() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.otherwise(REFUSE, MS);
      h.failed();
      h.clock.advance(Duration.ofMillis(2500)); // half-open at 2.001s; its probe runs until 4.001s
      assertThat(h.prober.probes).containsExactly(addr(1));

      PendingConnect p = h.connect();

      assertThat(p.future()).isCompletedExceptionally();
      assertThat(((NoHealthyAddressException) catchFailure(p)).isFastFail()).isTrue();
      assertThat(h.dialer.dials).hasSize(1);
    }
  }

  @Test
  void withNothingClosedAConnectFailsFastEvenIfSomeAreHalfOpenUnderProbe() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.on(addr(1), REFUSE, MS).on(addr(2), CONNECT, MS10);
      h.connected().markReady(); // #1 opens at ~1 ms (half-open at 1.6..2.4 s, then probed)
      h.clock.advance(Duration.ofSeconds(1));
      h.dialer.on(addr(2), REFUSE, MS);
      h.failed(); // #2 opens at ~1 s (half-open at 2.6..3.4 s)
      h.clock.advance(Duration.ofMillis(1500)); // t = 2.5 s: #1 half-open under probe, #2 open
      assertThat(states(h))
          .containsExactly(AddressHealth.State.HALF_OPEN, AddressHealth.State.OPEN);
      int dials = h.dialer.dials.size();

      PendingConnect p = h.connect();

      assertThat(p.future()).isCompletedExceptionally();
      assertThat(((NoHealthyAddressException) catchFailure(p)).isFastFail()).isTrue();
      assertThat(h.dialer.dials).as("no panic dial of the open address").hasSize(dials);
    }
  }

  @Test
  void panicModeTriesOpenAddressesAfterTheHealthyOnes() {
    try (Harness h = new Harness(Harness.config().build(), 4)) {
      h.dialer.otherwise(REFUSE, MS).on(addr(4), CONNECT, MS10);
      h.connected().markReady();
      assertThat(states(h))
          .containsExactly(
              AddressHealth.State.OPEN,
              AddressHealth.State.OPEN,
              AddressHealth.State.OPEN,
              AddressHealth.State.CLOSED);

      // 1 of 4 healthy (< 50 %): the open ones follow the healthy one, soonest-to-probe first
      h.dialer.on(addr(4), BLACKHOLE, Duration.ZERO).on(addr(1), CONNECT, MS10);
      long t1 = h.clock.nanoTime();
      RoutedSocket s = h.connected();

      assertThat(s.address()).isEqualTo(addr(1));
      assertThat(h.dialer.log(t1).subList(4, 6))
          .containsExactly("127.0.0.4:5432@0ms", "127.0.0.1:5432@100ms");
      assertThat(h.log.matching("panic"))
          .singleElement()
          .asString()
          .endsWith("127.0.0.1:5432 OPEN->CLOSED (connected in panic mode)");
    }
  }

  @Test
  void withHalfTheAddressesHealthyOpenOnesAreNotTried() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.on(addr(1), REFUSE, MS).on(addr(2), CONNECT, MS10);
      h.connected().markReady();
      h.dialer.on(addr(2), BLACKHOLE, Duration.ZERO);

      NoHealthyAddressException e = h.failed();

      assertThat(h.dialer.dialsTo(addr(1))).isEqualTo(1);
      assertThat(e.outcomes()).hasSize(1);
      assertThat(e.getMessage()).contains("(1 tried: 1 timed out)");
    }
  }

  @Test
  void aDnsChangeKeepsKnownHealthForgetsRemovedAddressesAndStartsNewOnesNeutral() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.on(addr(1), REFUSE, MS).otherwise(CONNECT, MS10);
      h.connected().markReady();
      assertThat(h.clock.pendingTimers()).as("#1's open timer").isEqualTo(1);

      h.resolver.set(HOST, List.of(ip(1), ip(3), ip(4)));

      assertThat(h.log.matching("removed")).containsExactly("11ms removed [127.0.0.2:5432]");
      List<AddressHealth> health = h.router.health(HOST, PORT);
      assertThat(health)
          .extracting(AddressHealth::address)
          .containsExactly(addr(1), addr(3), addr(4));
      assertThat(health.get(0).state()).as("kept health").isEqualTo(AddressHealth.State.OPEN);
      assertThat(health.get(2).state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(health.get(2).rttEwmaNanos()).as("new is neutral").isZero();
      assertThat(health.get(2).consecutiveFailures()).isZero();

      // removing an open address cancels its timer: no probe of it ever runs
      h.resolver.set(HOST, List.of(ip(3), ip(4)));
      assertThat(h.clock.pendingTimers()).isZero();
      h.clock.advance(Duration.ofMinutes(1));
      assertThat(h.prober.probes).isEmpty();
      assertThat(h.log.matching("removed")).last().asString().endsWith("removed [127.0.0.1:5432]");
    }
  }

  @Test
  void aConnectStillSucceedsWhenDnsDropsItsAddressMidRace() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.on(addr(1), CONNECT, Duration.ofMillis(50));
      PendingConnect p = h.connect();
      h.clock.advance(MS10);

      h.resolver.set(HOST, List.of(ip(2)));
      h.settle(p);

      RoutedSocket s = p.future().join();
      assertThat(s.address()).isEqualTo(addr(1));
      assertThat(h.router.health(HOST, PORT))
          .extracting(AddressHealth::address)
          .containsExactly(addr(2));
      s.markReady();
      assertThat(h.clock.pendingTimers()).isZero();
    }
  }

  @Test
  void whenEveryAddressIsOpenANewAddressSetFromDnsIsTriedAtOnce() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.otherwise(REFUSE, MS);
      h.failed();
      int resolves = h.resolver.resolves.get();
      h.failed();
      h.failed();
      h.failed();
      // three connects, plus one re-resolve: rate-limited to one per open delay
      assertThat(h.resolver.resolves.get() - resolves).isEqualTo(4);

      h.resolver.setQuietly(HOST, List.of(ip(5)));
      h.dialer.on(addr(5), CONNECT, MS10);
      RoutedSocket s = h.connected();

      assertThat(s.address()).isEqualTo(addr(5));
      assertThat(h.log.matching("removed"))
          .containsExactly("2ms removed [127.0.0.1:5432, 127.0.0.2:5432]");
    }
  }

  @Test
  void theWatchdogClosesASocketNeverMarkedReadyAndEjectsItsAddress() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.otherwise(CONNECT, MS10);
      RoutedSocket s = h.connected();
      assertThat(s.address()).isEqualTo(addr(1));

      h.clock.advance(Duration.ofMillis(9989));
      assertThat(s.socket().isClosed()).isFalse();
      h.clock.advance(MS);

      assertThat(s.socket().isClosed()).isTrue();
      assertThat(h.log.filter(l -> l.contains("connectionFailed") || l.contains("breaker")))
          .containsExactly(
              "10s connectionFailed 127.0.0.1:5432 handshake stalled: not ready within 10s budget"
                  + " (raise detour.router.connectBudget if the server is just slow)",
              "10s breaker 127.0.0.1:5432 CLOSED->OPEN (handshake stalled: not ready within 10s"
                  + " budget (raise detour.router.connectBudget if the server is just slow))");
      assertThat(h.connected().address()).isEqualTo(addr(2));
    }
  }

  @Test
  void markReadyDisarmsTheWatchdog() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      RoutedSocket s = h.connected();
      s.markReady();
      s.markReady();
      assertThat(h.clock.pendingTimers()).isZero();
      h.clock.advance(Duration.ofMinutes(1));
      assertThat(s.socket().isClosed()).isFalse();
      assertThat(h.log.matching("connectionFailed")).isEmpty();
      assertThat(h.log.matching("ready")).containsExactly("10ms ready 127.0.0.1:5432");
      s.markFailed(new IOException("too late"));
      assertThat(states(h)).containsExactly(AddressHealth.State.CLOSED);
    }
  }

  @Test
  void aHandshakeTimeoutReportedByTheCallerOpensTheBreaker() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      RoutedSocket s = h.connected();
      s.markFailed(new SocketTimeoutException("Read timed out"));
      assertThat(s.socket().isClosed()).isTrue();
      assertThat(states(h)).containsExactly(AddressHealth.State.OPEN, AddressHealth.State.CLOSED);
      assertThat(h.clock.pendingTimers()).as("only #1's open timer").isEqualTo(1);
    }
  }

  @Test
  void loadSpreadsEvenlyOverEquallyGoodAddresses() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 3)) {
      // background learning makes every address known-good (probe RTT 5 ms, like the dials')
      h.dialer.otherwise(ScriptedDialer.Kind.CONNECT, Duration.ofMillis(5));
      for (int i = 1; i <= 3; i++) {
        h.prober.healthy(Harness.addr(i), true);
      }
      h.connected().markReady();
      h.clock.advance(Duration.ofMillis(10));
      Map<String, Integer> wins = new HashMap<>();
      for (int i = 0; i < 30; i++) {
        RoutedSocket s = h.connected();
        s.markReady();
        wins.merge(Addresses.format(s.address()), 1, Integer::sum);
      }
      assertThat(wins)
          .containsOnly(
              Map.entry("127.0.0.1:5432", 10),
              Map.entry("127.0.0.2:5432", 10),
              Map.entry("127.0.0.3:5432", 10));
    }
  }

  @Test
  void aFailedConnectNamesEveryAttemptAndKeepsEveryCause() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.otherwise(UNREACHABLE, Duration.ofMillis(5));

      NoHealthyAddressException e = h.failed();

      assertThat(e.getMessage())
          .isEqualTo(
              "db.neon.test:5432: no address connected within 10s budget after 15ms (3 tried:"
                  + " 3 failed) [127.0.0.1:5432 failed (No route to host); 127.0.0.2:5432 failed"
                  + " (No route to host); 127.0.0.3:5432 failed (No route to host)]; check that"
                  + " the server is up and reachable from here, or raise"
                  + " detour.router.connectBudget");
      assertThat(e.getCause()).isInstanceOf(NoRouteToHostException.class);
      assertThat(e.getSuppressed()).hasSize(2);
      // one failure of another kind does not open a breaker (two in a row do)
      assertThat(states(h)).containsOnly(AddressHealth.State.CLOSED);
      assertThat(h.log.matching("connectEnd"))
          .containsExactly("15ms connectEnd db.neon.test:5432 failed attempts=3");
    }
  }

  @Test
  void closeStopsTimersAbortsRacesClosesUnreadySocketsAndUnsubscribes() {
    Harness h = new Harness(Harness.config().build(), 3);
    h.dialer
        .on(addr(1), REFUSE, MS)
        .on(addr(2), CONNECT, MS10)
        .on(addr(3), BLACKHOLE, Duration.ZERO);
    RoutedSocket unready = h.connected();
    h.dialer.on(addr(2), BLACKHOLE, Duration.ZERO);
    PendingConnect racing = h.connect();
    h.clock.runUntilIdle();
    assertThat(racing.future()).isNotDone();

    h.router.close();

    assertThat(h.clock.pendingTimers()).isZero();
    assertThat(unready.socket().isClosed()).isTrue();
    assertThat(racing.future()).isCompletedExceptionally();
    assertThat(catchFailure(racing)).hasMessageContaining("router closed");
    assertThat(h.resolver.listenerCount()).isZero();
    assertThat(h.resolver.closed).as("a given resolver is not closed").isFalse();
    assertThat(catchFailure(h.connect())).hasMessage("db.neon.test:5432: router is closed");
    h.router.close();
  }

  @Test
  void anUnknownHostFailsWithTheResolversError() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      assertThat(catchFailure(h.router.connectAsync("nowhere.test", PORT)))
          .isInstanceOf(UnknownHostException.class)
          .hasMessageContaining("nowhere.test");
    }
  }

  @Test
  void badArgumentsAreNamed() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      assertThatThrownBy(() -> h.router.connect(" ", PORT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("host: ' ' (expected a host name or IP literal, 1 to 253 characters)");
      assertThatThrownBy(() -> h.router.connect(HOST, 0))
          .hasMessage("port: 0 (expected 1 to 65535)");
      assertThatThrownBy(() -> h.router.connect("a".repeat(300), PORT))
          .hasMessage(
              "host: '"
                  + "a".repeat(80)
                  + "...' (300 characters) (expected a host name or IP literal, 1 to 253"
                  + " characters)");
      assertThat(h.router.health("unknown.test", PORT)).isEmpty();
    }
  }

  private static Throwable catchFailure(PendingConnect p) {
    try {
      p.future().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("no failure");
  }

  @Test
  void aReportedReadTimeoutOpensTheAddressAtOnceAndOtherFailuresCountTowardsTheThreshold() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.otherwise(CONNECT, MS);
      RoutedSocket s = h.connected();
      s.markReady();
      InetSocketAddress a = s.address();

      h.router.reportFailure(HOST, PORT, a, new IOException("Connection reset"));
      assertThat(stateOf(h, a)).isEqualTo(AddressHealth.State.CLOSED);
      h.router.reportFailure(HOST, PORT, a, new SocketTimeoutException("Read timed out"));

      assertThat(stateOf(h, a)).isEqualTo(AddressHealth.State.OPEN);
      assertThat(h.log.matching("breaker"))
          .anyMatch(
              l ->
                  l.contains(Addresses.format(a) + " CLOSED->OPEN")
                      && l.contains("established connection stalled"));
      // unknown hosts and addresses are ignored, nulls are refused
      h.router.reportFailure("other.neon.test", PORT, a, new IOException("x"));
      h.router.reportFailure(HOST, PORT, addr(99), new IOException("x"));
      assertThatThrownBy(() -> h.router.reportFailure(HOST, PORT, a, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cause: null");
    }
  }

  private static AddressHealth.State stateOf(Harness h, InetSocketAddress a) {
    return h.router.health(HOST, PORT).stream()
        .filter(x -> x.address().equals(a))
        .findFirst()
        .orElseThrow()
        .state();
  }
}
