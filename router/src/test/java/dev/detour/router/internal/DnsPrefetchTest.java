package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static org.assertj.core.api.Assertions.assertThat;

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

      h.router.prefetch(HOST); // returns although DNS has not answered
      h.clock.runUntilIdle();
      assertThat(h.resolver.resolves.get()).isEqualTo(before);

      slowDns.complete(null);
      assertThat(h.resolver.resolves.get()).isEqualTo(before + 1);
    }
  }

  @Test
  void aPrefetchOnARouterThatRejectsWorkOrIsClosedDoesNothing() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      int before = h.resolver.resolves.get();
      h.scheduler.rejectExecutes = true;
      h.router.prefetch(HOST);
      h.scheduler.rejectExecutes = false;
      h.router.close();
      h.router.prefetch(HOST);
      h.clock.runUntilIdle();

      assertThat(h.resolver.resolves.get()).isEqualTo(before);
    }
  }
}
