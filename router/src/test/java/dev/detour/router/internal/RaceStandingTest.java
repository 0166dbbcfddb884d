package dev.detour.router.internal;

import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Slow losses and suspects, through {@link AddressState}, which keeps them in a RaceStanding. */
class RaceStandingTest {

  private final FakeClock clock = new FakeClock();

  private AddressState state() {
    RouterRuntime rt =
        new RouterRuntime(
            Harness.config().maxOpenDelay(Duration.ofSeconds(60)).build(),
            clock,
            Clock.systemUTC(),
            new Random(7),
            new RouterEvents());
    return new AddressState(addr(1), rt, s -> {});
  }

  @Test
  void aLossInFlightMakesTheAddressSlowForMaxOpenDelayAndASuspectUntilItSettles() {
    AddressState s = state();
    s.recordSlowLoss();
    assertThat(s.isSlow()).isTrue();
    assertThat(s.isSuspect()).isTrue();
    assertThat(s.state()).as("the breaker is not touched").isEqualTo(AddressHealth.State.CLOSED);

    s.suspectSettled();
    assertThat(s.isSuspect()).isFalse();
    clock.advance(Duration.ofSeconds(60).minusNanos(1));
    assertThat(s.isSlow()).as("1 ns before maxOpenDelay").isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(s.isSlow()).as("at maxOpenDelay").isFalse();
  }

  @Test
  void aSuspectStaysOneUntilEveryLossHasSettledAndExtraSettlesDoNotGoNegative() {
    AddressState s = state();
    s.recordSlowLoss();
    s.recordSlowLoss();
    s.suspectSettled();
    assertThat(s.isSuspect()).as("one of two still in flight").isTrue();
    s.suspectSettled();
    s.suspectSettled();
    assertThat(s.isSuspect()).isFalse();
    s.recordSlowLoss();
    assertThat(s.isSuspect()).as("the count did not go below zero").isTrue();
  }

  @Test
  void aSuccessEndsTheSlowMarkButNotTheSuspect() {
    AddressState s = state();
    s.recordSlowLoss();
    s.recordSuccess(NORMAL, 2_000_000);
    assertThat(s.isSlow()).isFalse();
    assertThat(s.isSuspect()).as("its own attempt has not reported yet").isTrue();
  }

  @Test
  void aRetiredAddressIsNotMarkedSlowButItsLossStillCountsAsASuspect() {
    AddressState s = state();
    s.retire();
    s.recordSlowLoss();
    assertThat(s.isSlow()).isFalse();
    assertThat(s.isSuspect()).isTrue();
  }
}
