package dev.detour.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesEveryUnitAndIso8601() {
    assertThat(Durations.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "10x", "-5s", "1.5s", "PTXS", "s", "99999999999999999999s"})
  void rejectsMalformedDurationsNamingTheInput(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void formatsCompactly() {
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.formatNanos(850)).isEqualTo("850ns");
  }

  @Test
  void roundsToOneDecimalHalfUpAsStringFormatDid() {
    assertThat(Durations.formatNanos(1_250_000_000L)).isEqualTo("1.3s");
    assertThat(Durations.formatNanos(1_249_999_999L)).isEqualTo("1.2s");
    assertThat(Durations.formatNanos(1_960_000_000L)).isEqualTo("2s");
    assertThat(Durations.formatNanos(99_960_000L)).isEqualTo("100ms");
    assertThat(Durations.formatNanos(150_000_000L)).isEqualTo("150ms");
    assertThat(Durations.formatNanos(-1_500L)).isEqualTo("-1.5us");
    // the former implementation, for every unit boundary and a bounded random sample
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < 80_000; i++) {
      long nanos =
          i < 40_000 ? 1_000L + i * 2_503L : random.nextLong(1_000L, 3 * 3_600_000_000_000L);
      assertThat(Durations.formatNanos(nanos)).as("%d ns", nanos).isEqualTo(formerly(nanos));
    }
  }

  /** formatNanos as it was written with String.format, to pin the text it produces. */
  private static String formerly(long nanos) {
    double[] scale = {1_000.0, 1_000_000.0, 1_000_000_000.0, 60_000_000_000.0, 3_600_000_000_000.0};
    String[] unit = {"us", "ms", "s", "m", "h"};
    long[] below = {
      1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L, Long.MAX_VALUE
    };
    int u = 0;
    while (nanos >= below[u]) {
      u++;
    }
    double value = nanos / scale[u];
    if (value >= 100 || value == Math.rint(value)) {
      return Math.round(value) + unit[u];
    }
    String s = String.format(Locale.ROOT, "%.1f", value);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + unit[u];
  }

  @Test
  void requireInRangeNamesTheSettingTheValueAndTheRange() {
    Duration second = Duration.ofSeconds(1);
    assertThat(Durations.requireInRange("x", second, second, second)).isSameAs(second);
    assertThatThrownBy(
            () -> Durations.requireInRange("heartbeat", Duration.ofMillis(5), second, second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heartbeat: 5ms (expected: 1s <= heartbeat <= 1s)");
    assertThatThrownBy(() -> Durations.requireInRange("heartbeat", null, second, second))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("heartbeat");
  }
}
