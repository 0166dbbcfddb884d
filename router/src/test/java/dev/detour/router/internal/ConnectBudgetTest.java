package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.BLACKHOLE;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@code connect(host, port, budget)}: the given budget, not the configured one, bounds it. */
class ConnectBudgetTest {

  @Test
  void aGivenBudgetBoundsTheRace() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO);

      PendingConnect p = h.router.connectAsync(HOST, PORT, Duration.ofSeconds(3));
      h.settle(p);

      assertThat(h.elapsedMillis()).isEqualTo(3000);
      assertThatThrownBy(() -> p.future().join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(NoHealthyAddressException.class)
          .hasMessageContaining("within 3s budget");
    }
  }

  @Test
  void aGivenBudgetBoundsTheWatchdog() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.on(addr(1), CONNECT, Duration.ofMillis(10));

      PendingConnect p = h.router.connectAsync(HOST, PORT, Duration.ofSeconds(2));
      h.settle(p);
      RoutedSocket s = p.future().join();
      h.clock.advance(Duration.ofMillis(1989));
      assertThat(s.socket().isClosed()).isFalse();
      h.clock.advance(Duration.ofMillis(1));

      assertThat(s.socket().isClosed()).isTrue();
      assertThat(h.log.matching("connectionFailed"))
          .singleElement()
          .asString()
          .contains("not ready within 2s budget");
    }
  }

  @Test
  void aUsedUpBudgetFailsAtOnceWithoutDialing() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      assertThatThrownBy(() -> h.router.connect(HOST, PORT, Duration.ofMillis(-5)))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage(
              "db.neon.test:5432: connect budget used up (budget: -5ms); nothing was dialed");
      assertThat(h.router.connectAsync(HOST, PORT, Duration.ZERO).future())
          .isCompletedExceptionally();
      assertThat(h.dialer.dials).isEmpty();
    }
  }

  @Test
  void aMissingOrHugeBudgetIsNamed() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      assertThatThrownBy(() -> h.router.connect(HOST, PORT, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("budget: null");
      assertThatThrownBy(() -> h.router.connect(HOST, PORT, Duration.ofHours(2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("budget: 2h (expected at most 1h, as connectBudget)");
    }
  }
}
