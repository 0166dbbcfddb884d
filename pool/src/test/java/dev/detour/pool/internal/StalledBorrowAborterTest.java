package dev.detour.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth.FailureKind;
import org.junit.jupiter.api.Test;

class StalledBorrowAborterTest {

  @Test
  void onlyATimeoutOrAStallAbortsBorrowsWhateverTheReasonSays() {
    assertThat(StalledBorrowAborter.isTimeoutOrStall(FailureKind.TIMED_OUT)).isTrue();
    assertThat(StalledBorrowAborter.isTimeoutOrStall(FailureKind.STALLED)).isTrue();
    // a refused suspect probe's reason reads "...(detour.pool.stalledBorrowAbort=2s)": the text
    // says "stall", the kind does not
    assertThat(StalledBorrowAborter.isTimeoutOrStall(FailureKind.REFUSED)).isFalse();
    assertThat(StalledBorrowAborter.isTimeoutOrStall(FailureKind.FAILED)).isFalse();
    assertThat(StalledBorrowAborter.isTimeoutOrStall(null)).isFalse();
  }
}
