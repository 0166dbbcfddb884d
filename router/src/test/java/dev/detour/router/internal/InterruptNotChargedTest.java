package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import org.junit.jupiter.api.Test;

/** An interrupted caller is never charged to an address, whichever way it is reported. */
class InterruptNotChargedTest {

  private static AddressHealth health(Harness h) {
    return h.router.health(HOST, PORT).get(0);
  }

  @Test
  void markFailedWithAnInterruptClosesTheSocketAndRecordsNothing() {
    try (Harness h = new Harness(Harness.config().failuresToOpen(1).build(), 1)) {
      RoutedSocket s = h.connected();
      s.markFailed(new InterruptedIOException("interrupted"));
      assertThat(s.socket().isClosed()).isTrue();
      assertThat(health(h).state()).isEqualTo(AddressHealth.State.CLOSED);
      assertThat(health(h).consecutiveFailures()).isZero();
      assertThat(h.log.matching("connectionFailed")).isEmpty();
    }
  }

  @Test
  void reportFailureIgnoresAnInterruptButNotATimeout() {
    try (Harness h = new Harness(Harness.config().failuresToOpen(1).build(), 1)) {
      h.connected().markReady();
      SocketException closed = new SocketException("Closed by interrupt");
      h.router.reportFailure(HOST, PORT, Harness.addr(1), closed);
      SocketException wrapped = new SocketException("x");
      wrapped.initCause(new ClosedByInterruptException());
      h.router.reportFailure(HOST, PORT, Harness.addr(1), wrapped);
      assertThat(health(h).consecutiveFailures()).isZero();

      h.router.reportFailure(HOST, PORT, Harness.addr(1), new SocketTimeoutException("Read"));
      assertThat(health(h).state()).isEqualTo(AddressHealth.State.OPEN);
    }
  }
}
