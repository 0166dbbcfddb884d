package dev.detour.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TickerClockTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = nanos::get;

  @Test
  void readsTheTickerFromTheAnchor() {
    TickerClock clock = TickerClock.anchored(ticker, Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(clock.instant()).isEqualTo(T0);
    nanos.addAndGet(1_500_000_123L);
    assertThat(clock.instant()).isEqualTo(T0.plusNanos(1_500_000_123L));
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli() + 1500);
  }

  @Test
  void aStepOfTheWallClockAfterTheAnchorDoesNotMoveIt() {
    Clock[] wall = {Clock.fixed(T0, ZoneOffset.UTC)};
    Clock stepping =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return wall[0].instant();
          }
        };
    TickerClock clock = TickerClock.anchored(ticker, stepping);
    wall[0] = Clock.fixed(T0.minusMillis(2), ZoneOffset.UTC);
    nanos.addAndGet(1_000);
    assertThat(clock.instant()).isEqualTo(T0.plusNanos(1_000));
  }

  @Test
  void convertsStoredReadingsBeforeAndAfterTheAnchor() {
    TickerClock clock = TickerClock.anchored(ticker, Clock.fixed(T0, ZoneOffset.UTC));
    long anchor = nanos.get();
    assertThat(clock.instantAt(anchor - 3_000_000_000L)).isEqualTo(T0.minusSeconds(3));
    assertThat(clock.instantAt(anchor + 7)).isEqualTo(T0.plusNanos(7));
  }

  @Test
  void keepsTheWallClocksZoneAndChangesItOnlyOnRequest() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    TickerClock clock = TickerClock.anchored(ticker, Clock.fixed(T0, paris));
    assertThat(clock.getZone()).isEqualTo(paris);
    assertThat(clock.withZone(paris)).isSameAs(clock);
    TickerClock utc = clock.withZone(ZoneOffset.UTC);
    assertThat(utc.getZone()).isEqualTo(ZoneOffset.UTC);
    nanos.addAndGet(42);
    assertThat(utc.instant()).isEqualTo(clock.instant());
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> TickerClock.anchored(null, Clock.systemUTC()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThatThrownBy(() -> TickerClock.anchored(ticker, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("wall");
  }
}
