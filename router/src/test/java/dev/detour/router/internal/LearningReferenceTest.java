package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference-address rule of the learning probes ({@link ProbeWindow}), on virtual time: a
 * learning probe's timeout is charged to its address only when another address answered within the
 * same window.
 */
class LearningReferenceTest {

  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(1_500); // minAttemptTimeout

  @Test
  void aTimeoutIsNotChargedWhenNoOtherAddressAnsweredAndIsWhenTheReferenceDid() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 12)) {
      h.dialer.otherwise(CONNECT, Duration.ofMillis(10));
      // a saturated machine: every probe times out, the reference's (the first winner) too
      RoutedSocket first = h.connected();
      first.markReady();
      assertThat(h.prober.probesOf(first.address())).as("the reference").isEqualTo(1);
      h.clock.advance(PROBE_TIMEOUT);
      assertThat(h.router.health(HOST, PORT))
          .as("no address charged: nothing answered in the window")
          .allSatisfy(a -> assertThat(a.state()).isEqualTo(AddressHealth.State.CLOSED));

      // the machine recovers: the reference answers, the other 11 still time out
      h.prober.healthy(first.address(), true);
      h.connected().markReady(); // a later connect learns the uncharged addresses again
      h.clock.advance(PROBE_TIMEOUT);

      assertThat(h.router.health(HOST, PORT))
          .allSatisfy(
              a ->
                  assertThat(a.state())
                      .as("%s", a.address())
                      .isEqualTo(
                          a.address().equals(first.address())
                              ? AddressHealth.State.CLOSED
                              : AddressHealth.State.OPEN));
    }
  }

  @Test
  void aRefusalIsChargedAtOnceWhateverTheOthersDo() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 3)) {
      h.dialer.otherwise(CONNECT, Duration.ofMillis(10));
      RoutedSocket first = h.connected();
      List<InetSocketAddress> others = new ArrayList<>(List.of(addr(1), addr(2), addr(3)));
      others.remove(first.address());
      h.prober.refuses(others.get(0)); // the other one times out, and so does the reference
      first.markReady();
      h.clock.advance(Duration.ofMillis(1));

      assertThat(stateOf(h, others.get(0))).isEqualTo(AddressHealth.State.OPEN);
      h.clock.advance(PROBE_TIMEOUT);
      assertThat(stateOf(h, others.get(1))).isEqualTo(AddressHealth.State.CLOSED);
    }
  }

  private static AddressHealth.State stateOf(Harness h, InetSocketAddress address) {
    return h.router.health(HOST, PORT).stream()
        .filter(a -> a.address().equals(address))
        .findFirst()
        .orElseThrow()
        .state();
  }
}
