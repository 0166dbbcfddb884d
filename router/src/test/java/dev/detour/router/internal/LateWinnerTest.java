package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RouterEventListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A race that has a winner, but whose winner reaches the caller late or not at all. */
class LateWinnerTest {

  private static void onRaceWon(Harness h, Runnable action) {
    h.router.addListener(
        new RouterEventListener() {
          @Override
          public void raceWon(
              String host, InetSocketAddress address, int attempts, long elapsedNanos) {
            action.run();
          }
        });
  }

  @Test
  void aWinnerHandedOverAfterTheDeadlineIsClosedWithoutBlamingItsAddress() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.on(addr(1), CONNECT, Duration.ofMillis(10));
      // the thread completing the race is delayed past the 10 s budget before it hands over
      onRaceWon(h, () -> h.scheduler.skewNanos = Duration.ofSeconds(11).toNanos());

      PendingConnect p = h.connect();
      h.settle(p);
      h.clock.advance(Duration.ofSeconds(1));

      assertThat(Harness.failure(p)).isInstanceOf(IOException.class).hasMessageContaining("budget");
      assertThat(h.dialer.dials.get(0).socket.isClosed()).isTrue();
      assertThat(h.log.matching("connectionFailed")).isEmpty();
      assertThat(h.router.health(HOST, PORT))
          .singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(AddressHealth.State.CLOSED))
          .satisfies(a -> assertThat(a.lastFailure()).isEmpty());
    }
  }

  @Test
  void aWatchdogThatCannotBeArmedFailsTheConnectInsteadOfLeavingItPending() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.dialer.on(addr(1), CONNECT, Duration.ofMillis(10));
      onRaceWon(h, () -> h.scheduler.rejectSchedules = true);

      PendingConnect p = h.connect();
      h.settle(p);

      assertThat(p.future()).isDone();
      assertThat(Harness.failure(p))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("watchdog");
      assertThat(h.dialer.dials.get(0).socket.isClosed()).isTrue();
    }
  }

  @Test
  void aBlockingConnectWhoseWinnerIsHandedOverTooLateFailsInsteadOfReturningNull()
      throws Exception {
    try (Harness h =
        new Harness(Harness.config().connectBudget(Duration.ofMillis(10)).build(), 1)) {
      h.dialer.on(addr(1), CONNECT, Duration.ofMillis(5));
      CompletableFuture<Object> caller = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  caller.complete(h.router.connect(HOST, PORT));
                } catch (Throwable e) {
                  caller.complete(e);
                }
              },
              "late-winner-caller");
      t.setDaemon(true);
      // the race is won, but arming the watchdog stalls until the caller has given up
      onRaceWon(
          h,
          () ->
              h.scheduler.beforeNextSchedule =
                  () -> {
                    // the ticker passes the deadline (and the caller's grace): the caller, which
                    // waits on the ticker, gives up
                    h.scheduler.skewNanos = Duration.ofSeconds(1).toNanos();
                    try {
                      caller.get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  });
      t.start();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> h.dialer.dialsTo(addr(1)) == 1); // the caller waits on virtual time

      h.clock.advance(Duration.ofMillis(5));
      h.clock.advance(Duration.ofSeconds(1));

      Object result = caller.get(30, TimeUnit.SECONDS);
      assertThat(result).isInstanceOf(IOException.class);
      assertThat(((IOException) result).getMessage()).contains("10ms budget");
      assertThat(h.dialer.dials.get(0).socket.isClosed()).isTrue();
      assertThat(h.log.matching("connectionFailed")).isEmpty();
      assertThat(h.router.health(HOST, PORT).get(0).state()).isEqualTo(AddressHealth.State.CLOSED);
    }
  }
}
