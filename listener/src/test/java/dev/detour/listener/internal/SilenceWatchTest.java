package dev.detour.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth.FailureKind;
import dev.detour.router.AddressHealth.State;
import org.junit.jupiter.api.Test;

/** Which breaker transitions say an address went silent (and so may have taken the LISTEN). */
class SilenceWatchTest {

  @Test
  void aBreakerOpenedByATimeoutOrAStallMeansSilence() {
    assertThat(SilenceWatch.silent(State.OPEN, FailureKind.TIMED_OUT)).isTrue();
    assertThat(SilenceWatch.silent(State.OPEN, FailureKind.STALLED)).isTrue();
  }

  @Test
  void refusalsOtherFailuresAndRecoveriesDoNot() {
    // a refusal or a broken connection reaches an established connection as a FIN or an RST
    assertThat(SilenceWatch.silent(State.OPEN, FailureKind.REFUSED)).isFalse();
    assertThat(SilenceWatch.silent(State.OPEN, FailureKind.FAILED)).isFalse();
    assertThat(SilenceWatch.silent(State.OPEN, null)).isFalse();
    assertThat(SilenceWatch.silent(State.HALF_OPEN, FailureKind.TIMED_OUT)).isFalse();
    assertThat(SilenceWatch.silent(State.CLOSED, null)).isFalse();
  }
}
