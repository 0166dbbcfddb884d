package dev.detour.router.internal;

import static dev.detour.router.AddressHealth.State.CLOSED;
import static dev.detour.router.AddressHealth.State.HALF_OPEN;
import static dev.detour.router.AddressHealth.State.OPEN;
import static dev.detour.router.internal.AddressState.FailureKind.STALLED;
import static dev.detour.router.internal.AddressState.FailureKind.TIMED_OUT;
import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.AddressState.Permit.TRIAL;
import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An address ejected for a failure after TCP (a handshake stall: the incident's proxy that accepts
 * and then goes silent) is re-admitted only by a handshake-level success (an SSLRequest probe, or a
 * connection marked ready), never by a TCP connect; and probe times stay out of the RTT average.
 */
class HandshakeProofTest {

  private final FakeClock clock = new FakeClock();
  private final EventLog log = new EventLog(clock);
  private final List<AddressState> halfOpened = new ArrayList<>();

  private AddressState stalled() {
    RouterEvents events = new RouterEvents();
    events.add(log);
    RouterRuntime rt =
        new RouterRuntime(
            Harness.config().build(), clock, Clock.systemUTC(), new Random(7), events);
    AddressState s = new AddressState(addr(1), rt, halfOpened::add);
    s.recordSuccess(NORMAL, 3_000_000);
    s.recordFailure(null, STALLED, "handshake stalled");
    assertThat(s.state()).isEqualTo(OPEN);
    return s;
  }

  @Test
  void aPanicTcpConnectDoesNotCloseABreakerOpenedByAStall() {
    AddressState s = stalled();
    s.recordSuccess(s.tryAcquire(true), 1_000_000);
    assertThat(s.state()).isEqualTo(OPEN);
    assertThat(s.rttEwmaNanos()).as("the TCP time is still learned").isLessThan(3_000_000);
  }

  @Test
  void aTcpConnectOfTheTrialGivesTheTrialBackToTheProbe() {
    AddressState s = stalled();
    clock.advance(Duration.ofSeconds(2));
    assertThat(halfOpened).hasSize(1);
    AddressState.Permit trial = s.tryAcquire(false);
    assertThat(trial).isEqualTo(TRIAL);

    s.recordSuccess(trial, 1_000_000);
    clock.runUntilIdle();

    assertThat(s.state()).isEqualTo(HALF_OPEN);
    assertThat(halfOpened).as("the probe is asked again").hasSize(2);
    assertThat(s.tryAcquire(false)).as("one trial is available again").isEqualTo(TRIAL);
  }

  @Test
  void aHandshakeSuccessClosesABreakerOpenedByAStall() {
    AddressState s = stalled();
    s.recordHandshakeSuccess();
    assertThat(s.state()).isEqualTo(CLOSED);
    assertThat(log.lines()).last().asString().endsWith("OPEN->CLOSED (handshake completed)");
  }

  @Test
  void aTcpConnectStillClosesABreakerOpenedByATcpTimeout() {
    AddressState s = stalled();
    s.recordHandshakeSuccess();
    s.recordFailure(NORMAL, TIMED_OUT, "timed out");
    s.recordSuccess(s.tryAcquire(true), 1_000_000);
    assertThat(s.state()).isEqualTo(CLOSED);
  }

  @Test
  void aHandshakeProbeClosesWithoutTouchingTheRtt() {
    AddressState s = stalled();
    clock.advance(Duration.ofSeconds(2));
    s.recordProbeSuccess(s.tryAcquire(false), true);
    assertThat(s.state()).isEqualTo(CLOSED);
    assertThat(s.rttEwmaNanos()).isEqualTo(3_000_000);
  }

  @Test
  void anAddressOpenedByAStallAsksForAHandshakeProof() {
    AddressState s = stalled();
    assertThat(s.needsHandshakeProof()).isTrue();
    s.recordHandshakeSuccess();
    assertThat(s.needsHandshakeProof()).isFalse();
  }

  @Test
  void aTcpProbeDoesNotTouchTheRttEither() {
    AddressState s = stalled();
    s.recordHandshakeSuccess();
    s.recordFailure(NORMAL, TIMED_OUT, "timed out");
    clock.advance(Duration.ofSeconds(2));
    s.recordProbeSuccess(s.tryAcquire(false), false);
    assertThat(s.state()).isEqualTo(CLOSED);
    assertThat(s.rttEwmaNanos()).isEqualTo(3_000_000);
  }

  private static List<AddressHealth.State> states(Harness h) {
    return h.router.health(HOST, PORT).stream().map(AddressHealth::state).toList();
  }

  /** A router whose only address's handshake stalls once: the watchdog opens its breaker. */
  private static void stallOnce(Harness h) {
    h.dialer.otherwise(CONNECT, Duration.ofMillis(1));
    h.connected(); // never marked ready
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(states(h)).containsExactly(OPEN);
    h.prober.healthy(addr(1), true);
  }

  @Test
  void inTcpProbeModeAnAddressEjectedForAStallIsProbedWithAnSslRequest() {
    try (Harness h = new Harness(Harness.config().probe(RouterConfig.ProbeMode.TCP).build(), 1)) {
      stallOnce(h);
      h.clock.advance(Duration.ofMillis(2100));
      assertThat(h.prober.probes).containsExactly(addr(1));
      assertThat(h.prober.sslRequests).containsExactly(true);
      assertThat(states(h)).containsExactly(CLOSED);

      // once re-admitted, a later TCP-level ejection is probed the configured way
      h.dialer.otherwise(ScriptedDialer.Kind.REFUSE, Duration.ofMillis(1));
      h.failed();
      h.clock.advance(Duration.ofMillis(4100));
      assertThat(h.prober.sslRequests).containsExactly(true, false);
    }
  }

  @Test
  void withProbesOffAUserTcpConnectLeavesTheStallOpenedAddressHalfOpenUntilMarkedReady() {
    try (Harness h = new Harness(Harness.config().probe(RouterConfig.ProbeMode.OFF).build(), 1)) {
      stallOnce(h);
      h.clock.advance(Duration.ofMillis(2100));
      assertThat(states(h)).containsExactly(HALF_OPEN);

      RoutedSocket s = h.connected(); // user traffic takes the trial
      assertThat(states(h)).as("TCP alone proves nothing").containsExactly(HALF_OPEN);
      s.markReady();
      assertThat(states(h)).containsExactly(CLOSED);
    }
  }

  @Test
  void anSslRequestProbeReadmitsAnAddressEjectedForAStall() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      stallOnce(h);
      h.clock.advance(Duration.ofMillis(2100));
      assertThat(states(h)).containsExactly(CLOSED);
      assertThat(h.router.health(HOST, PORT).get(0).rttEwmaNanos())
          .as("the probe's time is not a TCP RTT")
          .isEqualTo(Duration.ofMillis(1).toNanos());
    }
  }
}
