package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.detour.router.AddressHealth;
import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Connects that race with the router (or its scheduler) closing. */
class RouterClosingTest {

  @Test
  void aClosedSchedulerFailsTheRaceAndLeavesNoAttemptRunning() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      h.scheduler.rejectSchedules = true;

      PendingConnect p = h.connect();

      assertThat(Harness.failure(p)).hasMessageContaining("router closed");
      assertThat(h.dialer.dials).isEmpty();
      h.scheduler.rejectSchedules = false;
      h.router.close(); // aborts whatever race is left; nothing may be half-started
    }
  }

  @Test
  void aHalfOpenTrialRefusedByAClosedSchedulerIsGivenBack() {
    RouterConfig config = Harness.config().probe(RouterConfig.ProbeMode.OFF).build();
    try (Harness h = new Harness(config, 1)) {
      h.dialer.on(addr(1), REFUSE, Duration.ofMillis(1));
      h.failed();
      h.clock.advance(Duration.ofMillis(2001)); // half-open, left to user traffic
      h.scheduler.rejectSchedules = true;
      assertThat(Harness.failure(h.connect())).hasMessageContaining("router closed");
      h.scheduler.rejectSchedules = false;
      h.dialer.on(addr(1), CONNECT, Duration.ofMillis(1));

      h.connected();

      assertThat(h.router.health(HOST, PORT).get(0).state()).isEqualTo(AddressHealth.State.CLOSED);
    }
  }

  @Test
  void aDnsAnswerArrivingAfterCloseStartsNoRace() {
    try (Harness h = new Harness(Harness.config().build(), 1)) {
      CompletableFuture<Void> dns = new CompletableFuture<>();
      h.resolver.gate = dns;
      PendingConnect p = h.connect();

      h.router.close();
      dns.complete(null);
      h.clock.advance(Duration.ofSeconds(1));

      assertThat(Harness.failure(p)).isInstanceOf(IOException.class).hasMessageContaining("closed");
      assertThat(h.dialer.dials).isEmpty();
    }
  }

  @Test
  void theSocketDialerThrowsInsteadOfCallingBackInsideDialWhenItsSchedulerIsClosed() {
    FakeClock clock = new FakeClock();
    clock.close();
    SocketDialer dialer = new SocketDialer(clock, RouterConfig.defaults());
    List<String> calls = new ArrayList<>();

    assertThatThrownBy(
            () ->
                dialer.dial(
                    new InetSocketAddress("127.0.0.1", 5432),
                    Duration.ofSeconds(1).toNanos(),
                    null,
                    new Dialer.Callback() {
                      @Override
                      public void connected(Socket socket) {
                        calls.add("connected");
                      }

                      @Override
                      public void failed(IOException cause) {
                        calls.add("failed");
                      }
                    }))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(calls).isEmpty();
  }
}
