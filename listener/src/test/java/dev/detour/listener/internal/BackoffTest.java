package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.testkit.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconnect backoff (Failsafe) on the fake clock. */
class BackoffTest {

  private final FakeClock clock = new FakeClock();
  private final IOException lost = new IOException("lost");

  private Backoff defaults(double jitter) {
    return new Backoff(
        Duration.ofMillis(250), Duration.ofSeconds(30), 2, jitter, Duration.ofSeconds(60), clock);
  }

  @Test
  void doublesFrom250MillisecondsUpTo30SecondsAndNeverGivesUp() {
    Backoff b = defaults(0);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      millis.add(b.nextDelay(lost).toMillis());
    }
    assertThat(millis)
        .containsExactly(
            250L, 500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L, 30000L);
    assertThat(b.attempt()).isEqualTo(12);
  }

  @Test
  void jitterMovesEachDelayByAtMostHalf() {
    Backoff b = defaults(0.5);
    long base = 250;
    boolean varied = false;
    for (int i = 0; i < 8; i++) {
      long d = b.nextDelay(lost).toMillis();
      assertThat(d).isBetween(base / 2, base * 3 / 2);
      varied |= d != base;
      base = Math.min(base * 2, 30_000);
    }
    assertThat(varied).isTrue();
  }

  @Test
  void sixtySecondsOfHealthResetTheSequence() {
    Backoff b = defaults(0);
    b.nextDelay(lost);
    b.nextDelay(lost);
    assertThat(b.nextDelay(lost)).isEqualTo(Duration.ofSeconds(1));

    b.connected();
    clock.advance(Duration.ofSeconds(59));
    assertThat(b.nextDelay(lost)).as("59 s healthy: no reset").isEqualTo(Duration.ofSeconds(2));

    b.connected();
    clock.advance(Duration.ofSeconds(60));
    assertThat(b.nextDelay(lost)).as("60 s healthy: reset").isEqualTo(Duration.ofMillis(250));
    assertThat(b.attempt()).isEqualTo(1);
  }
}
