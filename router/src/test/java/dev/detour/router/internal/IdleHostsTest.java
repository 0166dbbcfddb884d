package dev.detour.router.internal;

import static dev.detour.router.internal.Harness.HOST;
import static dev.detour.router.internal.Harness.PORT;
import static dev.detour.router.internal.ScriptedDialer.Kind.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The router forgets a host nobody connected to for an hour, and keeps the ones in use. */
class IdleHostsTest {

  private static final String OTHER = "other.neon.test";

  private static void connectTo(Harness h, String host) {
    PendingConnect p = h.router.connectAsync(host, PORT);
    h.settle(p);
    try {
      p.future().join().markReady();
    } catch (CompletionException e) {
      // a refused connect still routes the host
    }
  }

  @Test
  void aHostNobodyConnectedToForAnHourIsForgottenAndItsTimersCancelled() {
    try (Harness h = new Harness(Harness.config().build(), 2)) {
      h.resolver.set(OTHER, List.of(Harness.ip(9)));
      h.dialer.otherwise(REFUSE, Duration.ofMillis(1));
      connectTo(h, HOST); // both addresses open: their half-open timers and probes run on
      assertThat(h.router.health(HOST, PORT)).hasSize(2);

      h.clock.advance(Duration.ofMinutes(59));
      connectTo(h, OTHER);
      assertThat(h.router.health(HOST, PORT)).as("59 minutes idle: kept").hasSize(2);

      h.clock.advance(Duration.ofMinutes(2));
      connectTo(h, OTHER);
      assertThat(h.router.health(HOST, PORT)).as("61 minutes idle: forgotten").isEmpty();
      assertThat(h.router.health(OTHER, PORT)).hasSize(1);
      int probes = h.prober.probes.size();
      h.clock.advance(Duration.ofMinutes(5));
      assertThat(
              h.prober.probes.stream()
                  .filter(a -> a.getPort() == PORT && !a.equals(Harness.addr(9))))
          .as("no probe of a forgotten address")
          .hasSize(
              (int)
                  h.prober.probes.stream()
                      .limit(probes)
                      .filter(a -> !a.equals(Harness.addr(9)))
                      .count());
    }
  }
}
