package dev.detour.router.internal;

import static dev.detour.router.AddressHealth.State.CLOSED;
import static dev.detour.router.AddressHealth.State.HALF_OPEN;
import static dev.detour.router.AddressHealth.State.OPEN;
import static dev.detour.router.internal.AddressState.FailureKind.FAILED;
import static dev.detour.router.internal.AddressState.FailureKind.REFUSED;
import static dev.detour.router.internal.AddressState.FailureKind.TIMED_OUT;
import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.AddressState.Permit.PANIC;
import static dev.detour.router.internal.AddressState.Permit.TRIAL;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouterConfig;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressStateTest {

  private final FakeClock clock = new FakeClock();
  private final EventLog log = new EventLog(clock);
  private final List<AddressState> halfOpened = new ArrayList<>();

  private AddressState state(RouterConfig config) {
    RouterEvents events = new RouterEvents();
    events.add(log);
    RouterRuntime rt = new RouterRuntime(config, clock, Clock.systemUTC(), new Random(7), events);
    return new AddressState(addr(1), rt, halfOpened::add);
  }

  private AddressState state() {
    return state(Harness.config().build());
  }

  @Test
  void aTimeoutOpensAtOnce() {
    AddressState s = state();
    s.recordFailure(s.tryAcquire(false), TIMED_OUT, "timed out after 3.3s");
    assertThat(s.state()).isEqualTo(OPEN);
    assertThat(log.lines())
        .containsExactly("0ms breaker 127.0.0.1:5432 CLOSED->OPEN (timed out after 3.3s)");
    assertThat(s.tryAcquire(false)).as("open refuses without panic").isNull();
    assertThat(s.tryAcquire(true)).isEqualTo(PANIC);
  }

  @Test
  void aRefusalOpensAtOnce() {
    AddressState s = state();
    s.recordFailure(NORMAL, REFUSED, "refused");
    assertThat(s.state()).isEqualTo(OPEN);
  }

  @Test
  void otherFailuresOpenOnlyWhenTwoComeInARow() {
    AddressState s = state();
    s.recordFailure(NORMAL, FAILED, "failed (No route to host)");
    assertThat(s.state()).isEqualTo(CLOSED);
    s.recordSuccess(NORMAL, 1_000_000);
    s.recordFailure(NORMAL, FAILED, "failed (No route to host)");
    assertThat(s.state()).as("a success in between resets the count").isEqualTo(CLOSED);
    s.recordFailure(NORMAL, FAILED, "failed (Network is unreachable)");
    assertThat(s.state()).isEqualTo(OPEN);
    assertThat(s.consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void openTimeElapsesIntoHalfOpenAndAProbeIsAsked() {
    AddressState s = state();
    s.recordFailure(NORMAL, TIMED_OUT, "timed out");
    clock.advance(Duration.ofMillis(1999));
    assertThat(s.state()).isEqualTo(OPEN);
    assertThat(halfOpened).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(s.state()).isEqualTo(HALF_OPEN);
    assertThat(halfOpened).containsExactly(s);
    assertThat(log.lines())
        .containsExactly(
            "0ms breaker 127.0.0.1:5432 CLOSED->OPEN (timed out)",
            "2s breaker 127.0.0.1:5432 OPEN->HALF_OPEN (open time elapsed)");
  }

  @Test
  void halfOpenGivesExactlyOneTrialAndItsSuccessCloses() {
    AddressState s = state();
    s.recordFailure(NORMAL, REFUSED, "refused");
    clock.advance(Duration.ofSeconds(2));
    AddressState.Permit trial = s.tryAcquire(false);
    assertThat(trial).isEqualTo(TRIAL);
    assertThat(s.tryAcquire(false)).as("second trial while the first runs").isNull();
    s.recordSuccess(trial, 2_000_000);
    assertThat(s.state()).isEqualTo(CLOSED);
    assertThat(s.rttEwmaNanos()).isEqualTo(2_000_000);
    assertThat(log.lines())
        .last()
        .isEqualTo("2s breaker 127.0.0.1:5432 HALF_OPEN->CLOSED (trial connected)");
  }

  @Test
  void aFailedTrialReopensForTwiceAsLong() {
    AddressState s = state();
    s.recordFailure(NORMAL, REFUSED, "refused");
    clock.advance(Duration.ofSeconds(2));
    s.recordFailure(s.tryAcquire(false), FAILED, "probe failed");
    assertThat(s.state()).isEqualTo(OPEN);
    clock.advance(Duration.ofMillis(3999));
    assertThat(s.state()).isEqualTo(OPEN);
    clock.advance(Duration.ofMillis(1));
    assertThat(s.state()).isEqualTo(HALF_OPEN);
  }

  @Test
  void openTimeDoublesUpToTheCeilingAndResetsOnClose() {
    AddressState s = state();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long before = clock.nanoTime();
      s.recordFailure(s.tryAcquire(false), TIMED_OUT, "timed out");
      delays.add(Duration.ofNanos(s.halfOpenAtNanos() - before).toSeconds());
      clock.advance(Duration.ofNanos(s.halfOpenAtNanos() - before));
      assertThat(s.state()).isEqualTo(HALF_OPEN);
    }
    assertThat(delays).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L);
    s.recordSuccess(s.tryAcquire(false), 1);
    s.recordFailure(NORMAL, TIMED_OUT, "timed out");
    assertThat(s.halfOpenAtNanos() - clock.nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void jitterKeepsOpenTimesWithinTwentyPercentAndVaries() {
    AddressState s = state(RouterConfig.defaults());
    List<Long> firsts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      firsts.add(s.openDelayNanos(1));
    }
    assertThat(firsts).allSatisfy(d -> assertThat(d).isBetween(1_600_000_000L, 2_400_000_000L));
    assertThat(firsts.stream().distinct().count()).isGreaterThan(40);
    assertThat(s.openDelayNanos(20)).isBetween(48_000_000_000L, 72_000_000_000L);
  }

  @Test
  void aCancelledTrialGivesItsPermitBackWithoutAnyTransition() {
    AddressState s = state();
    s.recordFailure(NORMAL, REFUSED, "refused");
    clock.advance(Duration.ofSeconds(2));
    int events = log.lines().size();
    AddressState.Permit trial = s.tryAcquire(false);
    s.release(trial);
    assertThat(s.state()).isEqualTo(HALF_OPEN);
    assertThat(log.lines()).hasSize(events);
    assertThat(clock.pendingTimers()).as("no open timer was started by the re-arm").isZero();
    assertThat(s.tryAcquire(false)).as("the trial is available again").isEqualTo(TRIAL);
  }

  @Test
  void aCancelledNormalAttemptCountsNeitherWay() {
    AddressState s = state();
    s.recordFailure(NORMAL, FAILED, "failed");
    s.release(s.tryAcquire(false));
    s.recordSuccess(NORMAL, 1);
    s.recordFailure(NORMAL, FAILED, "failed");
    assertThat(s.state()).isEqualTo(CLOSED);
  }

  @Test
  void aPanicSuccessClosesAnOpenBreaker() {
    AddressState s = state();
    s.recordFailure(NORMAL, TIMED_OUT, "timed out");
    s.recordSuccess(s.tryAcquire(true), 1_000_000);
    assertThat(s.state()).isEqualTo(CLOSED);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(log.lines()).last().asString().endsWith("OPEN->CLOSED (connected in panic mode)");
  }

  @Test
  void aRetiredAddressStopsItsTimerAndIgnoresRecords() {
    AddressState s = state();
    s.recordFailure(NORMAL, TIMED_OUT, "timed out");
    assertThat(clock.pendingTimers()).isEqualTo(1);
    s.retire();
    assertThat(clock.pendingTimers()).isZero();
    assertThat(s.tryAcquire(true)).isNull();
    clock.advance(Duration.ofMinutes(5));
    assertThat(halfOpened).isEmpty();
  }

  @Test
  void rttIsAMovingAverage() {
    AddressState s = state();
    s.recordSuccess(NORMAL, 10_000_000);
    s.recordSuccess(NORMAL, 20_000_000);
    assertThat(s.rttEwmaNanos()).isEqualTo(13_000_000);
  }
}
