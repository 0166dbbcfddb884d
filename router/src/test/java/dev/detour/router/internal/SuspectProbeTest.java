package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.detour.router.Router#suspect}: a caller's suspicion runs one handshake-level probe; a
 * probe that times out opens the breaker at once, one that passes changes nothing.
 */
class SuspectProbeTest {

  private static final Duration PROBE_TIMEOUT = RouterConfig.builder().build().probeTimeout();

  private static AddressHealth health(Harness h, int last) {
    return health(h, addr(last));
  }

  @Test
  void aProbeThatTimesOutOpensTheBreakerAtOnceWithTheSuspicionInItsReason() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.connected().close(); // the host is known
      h.log.clear();

      assertThat(h.router.suspect(HOST, PORT, addr(1), "a borrow silent for 2s")).isTrue();
      assertThat(h.router.suspect(HOST, PORT, addr(1), "again"))
          .as("one check at a time per address")
          .isFalse();
      assertThat(h.prober.sslRequests).containsExactly(true);

      h.clock.advance(PROBE_TIMEOUT.minusMillis(1));
      assertThat(health(h, 1).state()).isEqualTo(AddressHealth.State.CLOSED);
      h.clock.advance(Duration.ofMillis(1));

      AddressHealth after = health(h, 1);
      assertThat(after.state()).isEqualTo(AddressHealth.State.OPEN);
      assertThat(after.lastFailure())
          .hasValueSatisfying(
              f ->
                  assertThat(f)
                      .contains("suspect probe timed out")
                      .contains("suspected: a borrow silent for 2s"));
      assertThat(h.log.matching("breaker")).hasSize(1);
      assertThat(h.log.matching("probe")).isNotEmpty();
      assertThat(health(h, 2).state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(h.router.suspect(HOST, PORT, addr(1), "already open"))
          .as("an open breaker needs no check")
          .isFalse();
    }
  }

  @Test
  void aProbeThatPassesChangesNothingAndTheAddressCanBeCheckedAgain() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.connected().close();
      h.prober.healthy(addr(2), true);
      AddressHealth before = health(h, 2);

      assertThat(h.router.suspect(HOST, PORT, addr(2), "a long query")).isTrue();
      h.clock.advance(Duration.ofMillis(10));

      AddressHealth after = health(h, 2);
      assertThat(after.state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(after.consecutiveFailures()).isZero();
      assertThat(after.rttEwmaNanos())
          .as("a probe's time is not a TCP RTT")
          .isEqualTo(before.rttEwmaNanos());
      assertThat(h.router.suspect(HOST, PORT, addr(2), "still long")).isTrue();
      assertThat(h.prober.probesOf(addr(2))).isEqualTo(2);
    }
  }

  @Test
  void tcpProbeModeStillChecksTheHandshakeAndProbeOffChecksNothing() {
    try (Harness h = new Harness(Harness.config().probe(RouterConfig.ProbeMode.TCP).build(), 3)) {
      h.connected().close();
      assertThat(h.router.suspect(HOST, PORT, addr(3), "silent")).isTrue();
      assertThat(h.prober.sslRequests).containsExactly(true);
    }
    try (Harness h = new Harness(Harness.config().probe(RouterConfig.ProbeMode.OFF).build(), 3)) {
      h.connected().close();
      assertThat(h.router.suspect(HOST, PORT, addr(3), "silent")).isFalse();
      assertThat(h.prober.probes).isEmpty();
    }
  }

  @Test
  void unknownHostsAndAddressesAreIgnoredAndNullsRejected() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      assertThat(h.router.suspect(HOST, PORT, addr(1), "never routed")).isFalse();
      h.connected().close();
      assertThat(h.router.suspect(HOST, PORT, addr(9), "not in DNS")).isFalse();
      assertThat(h.router.suspect(HOST, PORT + 1, addr(1), "other port")).isFalse();
      assertThat(h.router.suspect(HOST.toUpperCase(java.util.Locale.ROOT), PORT, addr(1), "case"))
          .isTrue();
      assertThat(h.prober.probes).containsExactly(addr(1));
      assertThatThrownBy(() -> h.router.suspect(HOST, PORT, null, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("address: null");
      assertThatThrownBy(() -> h.router.suspect(HOST, PORT, addr(1), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("why: null");
    }
  }

  @Test
  void whenTheProvenReferenceDoesNotAnswerEitherTheSuspectIsNotCharged() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      InetSocketAddress[] pair = provenAndSuspect(h);
      InetSocketAddress proven = pair[0];
      InetSocketAddress suspect = pair[1];

      // a saturated machine: nothing answers within the probe timeout, the reference included
      assertThat(h.router.suspect(HOST, PORT, suspect, "a long borrow")).isTrue();
      h.clock.advance(PROBE_TIMEOUT);
      AddressHealth after = health(h, suspect);
      assertThat(after.state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(after.consecutiveFailures()).isZero();
      assertThat(h.prober.probes).containsExactlyInAnyOrder(proven, suspect);
      assertThat(after.lastFailure()).isEmpty();

      // the reference answers, the suspect does not: now it is charged
      h.prober.healthy(proven, true);
      assertThat(h.router.suspect(HOST, PORT, suspect, "still long")).isTrue();
      h.clock.advance(PROBE_TIMEOUT);
      assertThat(health(h, suspect).state()).isEqualTo(AddressHealth.State.OPEN);
    }
  }

  @Test
  void aReferenceThatAnswersOnlyLateIsNoEvidenceAgainstTheSuspect() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      InetSocketAddress[] pair = provenAndSuspect(h);
      InetSocketAddress proven = pair[0];
      InetSocketAddress suspect = pair[1];
      h.prober.healthy(proven, true);

      // an overloaded machine: the reference answers, but only after 3/4 of the timeout
      h.prober.answersAfter(proven, PROBE_TIMEOUT.multipliedBy(3).dividedBy(4));
      assertThat(h.router.suspect(HOST, PORT, suspect, "a long borrow")).isTrue();
      h.clock.advance(PROBE_TIMEOUT);
      assertThat(health(h, suspect).state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(health(h, suspect).consecutiveFailures()).isZero();

      // the reference answers within half the timeout: the suspect's timeout is charged
      h.prober.answersAfter(proven, PROBE_TIMEOUT.dividedBy(2));
      assertThat(h.router.suspect(HOST, PORT, suspect, "still long")).isTrue();
      h.clock.advance(PROBE_TIMEOUT);
      assertThat(health(h, suspect).state()).isEqualTo(AddressHealth.State.OPEN);
    }
  }

  @Test
  void aRefusalIsChargedEvenWhenTheReferenceAnswersLate() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      InetSocketAddress[] pair = provenAndSuspect(h);
      InetSocketAddress proven = pair[0];
      InetSocketAddress suspect = pair[1];
      h.prober.healthy(proven, true);
      h.prober.answersAfter(proven, PROBE_TIMEOUT.multipliedBy(3).dividedBy(4));
      h.prober.refuses(suspect); // no overload symptom: nothing listens there

      assertThat(h.router.suspect(HOST, PORT, suspect, "a long borrow")).isTrue();
      h.clock.advance(PROBE_TIMEOUT);
      assertThat(health(h, suspect).state()).isEqualTo(AddressHealth.State.OPEN);
    }
  }

  /**
   * Connects once and marks the connection ready: its address is handshake-proven, the reference of
   * later checks. Returns it, and another address of the host to suspect.
   */
  private static InetSocketAddress[] provenAndSuspect(Harness h) throws Exception {
    dev.detour.router.RoutedSocket s = h.connected();
    s.markReady();
    InetSocketAddress proven = s.address();
    s.close();
    return new InetSocketAddress[] {proven, proven.equals(addr(1)) ? addr(2) : addr(1)};
  }

  private static AddressHealth health(Harness h, InetSocketAddress address) {
    return h.router.health(HOST, PORT).stream()
        .filter(a -> a.address().equals(address))
        .findFirst()
        .orElseThrow();
  }
}
