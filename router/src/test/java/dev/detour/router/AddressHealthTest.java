package dev.detour.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth.FailureKind;
import org.junit.jupiter.api.Test;

/** The failure kinds that say an address went silent, which the pool and the listener act on. */
class AddressHealthTest {

  @Test
  void aTimeoutAndAStallAreSilenceARefusalAndAnErrorAreNot() {
    assertThat(FailureKind.TIMED_OUT.isSilence()).isTrue();
    assertThat(FailureKind.STALLED.isSilence()).isTrue();
    assertThat(FailureKind.REFUSED.isSilence()).isFalse();
    assertThat(FailureKind.FAILED.isSilence()).isFalse();
  }
}
