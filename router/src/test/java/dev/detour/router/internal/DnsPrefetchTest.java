package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.Harness.addr;
import static dev.detour.router.internal.ScriptedDialer.Kind.CONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.router.RoutedSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The driver's DNS prefetch ({@link HedgeableRouter#prefetch}), on virtual time. */
class DnsPrefetchTest {

  @Test
  void aPrefetchStartsALookupAndReturnsWithoutWaitingForIt() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      CompletableFuture<Void> slowDns = new CompletableFuture<>();
      h.resolver.gate = slowDns;
      int before = h.resolver.resolves.get();

      h.router.prefetch(HOST, PORT); // returns although DNS has not answered
      h.clock.runUntilIdle();
      assertThat(h.resolver.resolves.get()).isEqualTo(before);
      assertThat(h.router.health(HOST, PORT)).isEmpty();

      slowDns.complete(null);
      assertThat(h.resolver.resolves.get()).isEqualTo(before + 1);
    }
  }

  @Test
  void thePrefetchedAnswerIsTakenInWithoutDialingOrProbingAnything() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 3)) {
      h.router.prefetch("DB.Neon.Test", PORT); // the same host as a connect would name it
      h.clock.runUntilIdle();

      assertThat(h.router.health(HOST, PORT))
          .extracting(AddressHealth::address)
          .containsExactly(addr(1), addr(2), addr(3));
      assertThat(h.router.health(HOST, PORT))
          .extracting(AddressHealth::state)
          .containsOnly(AddressHealth.State.CLOSED);
      h.clock.advance(Duration.ofSeconds(5));
      assertThat(h.dialer.dials).isEmpty();
      assertThat(h.prober.probes).as("learning waits for a connect, as before").isEmpty();
    }
  }

  @Test
  void aConnectAfterAPrefetchRacesAndLearnsAsWithoutIt() {
    try (Harness h = new Harness(Harness.config().learning(true).build(), 3)) {
      h.dialer.otherwise(CONNECT, Duration.ofMillis(10));
      h.router.prefetch(HOST, PORT);
      h.clock.runUntilIdle();

      RoutedSocket s = h.connected();
      assertThat(s.address()).isEqualTo(addr(1));
      assertThat(h.dialer.dials).hasSize(1);
      s.markReady();

      // every address once, as after a connect without a prefetch
      assertThat(h.prober.probes).hasSize(3).doesNotHaveDuplicates();
    }
  }

  @Test
  void aFailedPrefetchLeavesNothingBehind() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      h.router.prefetch("unknown.neon.test", PORT);
      h.router.prefetch("not a host name", PORT);
      h.clock.runUntilIdle();

      assertThat(h.router.health("unknown.neon.test", PORT)).isEmpty();
      assertThat(h.dialer.dials).isEmpty();
    }
  }

  @Test
  void aPrefetchOnARouterThatRejectsWorkOrIsClosedDoesNothing() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      int before = h.resolver.resolves.get();
      h.scheduler.rejectExecutes = true;
      h.router.prefetch(HOST, PORT);
      h.scheduler.rejectExecutes = false;
      h.router.close();
      h.router.prefetch(HOST, PORT);
      h.clock.runUntilIdle();

      assertThat(h.resolver.resolves.get()).isEqualTo(before);
    }
  }

  @Test
  void anAnswerThatArrivesAfterCloseIsNotTakenIn() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      CompletableFuture<Void> slowDns = new CompletableFuture<>();
      h.resolver.gate = slowDns;
      h.router.prefetch(HOST, PORT);
      h.clock.runUntilIdle();
      h.router.close();

      slowDns.complete(null);

      assertThat(h.router.health(HOST, PORT)).isEmpty();
    }
  }
}
