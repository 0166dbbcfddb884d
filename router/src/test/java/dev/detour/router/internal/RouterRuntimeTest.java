package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouterRuntimeTest {

  private final FakeClock clock = new FakeClock();

  @Test
  void withoutAWallClockTheSystemClockInTheLocalZoneIsLookedUpOnceWhenFirstUsed() {
    RouterRuntime rt = runtime(null);

    Clock first = rt.wallClock();

    assertThat(first.getZone()).isEqualTo(ZoneId.systemDefault());
    assertThat(rt.wallClock()).isSameAs(first);
  }

  @Test
  void aGivenWallClockIsUsedAsIs() {
    Clock fixed = Clock.fixed(Instant.parse("2026-12-07T15:00:00Z"), ZoneOffset.ofHours(2));
    RouterRuntime rt = runtime(fixed);

    assertThat(rt.wallClock()).isSameAs(fixed);
    long in5s = rt.now() + 5_000_000_000L;
    assertThat(rt.wallAt(in5s)).isEqualTo(Instant.parse("2026-12-07T15:00:05Z"));
  }

  private RouterRuntime runtime(Clock wallClock) {
    return new RouterRuntime(
        RouterConfig.defaults(),
        new FaultyScheduler(clock),
        wallClock,
        new Random(1),
        new RouterEvents());
  }
}
