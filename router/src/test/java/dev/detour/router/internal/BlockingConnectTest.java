package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.BLACKHOLE;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The production path, {@code connect()}, on virtual time: the caller's thread offers itself for
 * the first dial ({@link CallerRuns}) and waits in {@link PendingConnect#await}, on the router's
 * ticker, while the test moves the clock.
 */
class BlockingConnectTest {

  private static final Duration MS10 = Duration.ofMillis(10);

  @Test
  void aHealthyConnectRunsItsFirstDialOnTheCallersThread() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.otherwise(CONNECT, MS10);

      RoutedSocket s = (RoutedSocket) h.blockingConnect();

      assertThat(s.address()).isEqualTo(addr(1));
      assertThat(h.dialer.dials).hasSize(1);
      assertThat(h.dialer.dials.get(0).ranOnCaller).isTrue();
      s.markReady();
    }
  }

  @Test
  void secondAddressWinsWhenFirstBlackholesAndTheCallersDialIsDetached() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.dialer.on(addr(1), BLACKHOLE, Duration.ZERO).otherwise(CONNECT, MS10);

      RoutedSocket s = (RoutedSocket) h.blockingConnect();

      assertThat(s.address()).isEqualTo(addr(2));
      assertThat(h.dialer.dials.get(0).ranOnCaller).isTrue();
      assertThat(h.dialer.dials.get(0).detached).isTrue();
      s.markReady();
      h.clock.advance(Duration.ofSeconds(4)); // the detached black hole times out
      assertThat(h.log.matching("attemptEnd 127.0.0.1"))
          .singleElement()
          .asString()
          .endsWith("TIMED_OUT");
    }
  }

  @Test
  void everyAddressOpenFailsFastThroughConnect() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.dialer.otherwise(REFUSE, Duration.ofMillis(1));
      assertThat(h.blockingConnect()).isInstanceOf(NoHealthyAddressException.class);

      Object second = h.blockingConnect();

      assertThat(second).isInstanceOf(NoHealthyAddressException.class);
      assertThat(((NoHealthyAddressException) second).isFastFail()).isTrue();
      assertThat(h.dialer.dials).hasSize(2);
    }
  }

  @Test
  void blackHolesEverywhereFailAtTheBudgetThroughConnect() {
    try (Harness h =
        new Harness(Harness.config().connectBudget(Duration.ofSeconds(2)).build(), 3)) {
      h.dialer.otherwise(BLACKHOLE, Duration.ZERO);

      Object failure = h.blockingConnect();

      assertThat(failure).isInstanceOf(NoHealthyAddressException.class);
      assertThat(((NoHealthyAddressException) failure).isFastFail()).isFalse();
      // the promise: the caller is back by the budget plus PendingConnect's 200 ms grace; the
      // harness moves the clock in 1 ms steps, so it may see the return up to 1 ms late
      assertThat(h.elapsedMillis()).isBetween(2000L, 2000L + 200 + 1);
    }
  }

  @Test
  void aDnsAnswerThatNeverComesFailsAtTheBudgetSayingSo() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.resolver.gate = new CompletableFuture<>();

      Object failure = h.blockingConnect();

      assertThat(failure).isInstanceOf(UnknownHostException.class);
      assertThat(((Throwable) failure).getMessage())
          .isEqualTo(
              "db.neon.test:5432: the 10s budget ran out during DNS resolution (no answer yet)");
      assertThat(h.log.matching("fastFail")).isEmpty();
      assertThat(h.dialer.dials).isEmpty();
    }
  }
}
