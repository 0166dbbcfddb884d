package dev.detour.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.detour.bench.pool.PoolFigures;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PoolSectionTest {

  private static PoolFigures figures(long ok, long errors, int hungAtEnd) {
    return new PoolFigures("client", ok, errors, 10, new Histogram(3), hungAtEnd, null);
  }

  @Test
  void aClientThatCompletedNothingAndLeftEveryRequestHungFailedAll() {
    assertThat(PoolSection.failedShare(figures(0, 0, 32))).isEqualTo(1.0);
  }

  @Test
  void errorsAndHungRequestsBothCountAsFailed() {
    assertThat(PoolSection.failedShare(figures(90, 6, 4))).isCloseTo(0.10, within(1e-9));
  }

  @Test
  void aClientThatStartedNothingHasNoFailedShare() {
    assertThat(PoolSection.failedShare(figures(0, 0, 0))).isZero();
  }
}
