package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A direct user that closes a routed socket before its deadline costs its address nothing. */
class RoutedSocketClosingTest {

  private static AddressHealth health(Harness h) {
    return h.router.health(HOST, PORT).get(0);
  }

  @Test
  void closingTheRoutedSocketDisarmsTheWatchdogAndRecordsNothing() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      Socket s;
      try (RoutedSocket routed = h.connected()) {
        s = routed.socket();
      }
      assertThat(s.isClosed()).isTrue();
      assertThat(h.clock.pendingTimers()).as("the watchdog is disarmed").isZero();
      h.clock.advance(Duration.ofSeconds(11));
      assertThat(health(h).state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(health(h).lastFailure()).isEmpty();
      assertThat(h.log.matching("connectionFailed")).isEmpty();
    }
  }

  @Test
  void closingTheSocketItselfBeforeTheDeadlineIsNoFaultEither() throws Exception {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      RoutedSocket routed = h.connected();
      routed.socket().close();
      h.clock.advance(Duration.ofSeconds(11));
      assertThat(health(h).state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(health(h).lastFailure()).isEmpty();
      assertThat(h.log.matching("connectionFailed")).isEmpty();
    }
  }
}
