package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.NoHealthyAddressException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A DNS answer that comes after the connect's deadline is a budget that ran out, not a fast-fail.
 */
class LateDnsAnswerTest {

  @Test
  void anAnswerAfterTheDeadlineSaysTheBudgetRanOutDuringResolutionAndDialsNothing() {
    try (Harness h = new Harness(Harness.config().build(), 3)) {
      CompletableFuture<Void> gate = new CompletableFuture<>();
      h.resolver.gate = gate;
      PendingConnect p = h.connect();

      h.clock.advance(Duration.ofSeconds(11));
      gate.complete(null);

      Throwable t = Harness.failure(p);
      assertThat(t).isNotInstanceOf(NoHealthyAddressException.class);
      assertThat(t).isInstanceOf(UnknownHostException.class);
      assertThat(t.getMessage())
          .isEqualTo(
              "db.neon.test:5432: the 10s budget ran out during DNS resolution"
                  + " (the answer came after 11s)");
      assertThat(h.log.matching("fastFail")).isEmpty();
      assertThat(h.dialer.dials).isEmpty();
    }
  }
}
