package dev.detour.router.internal;

import static dev.detour.router.AddressHealth.State.CLOSED;
import static dev.detour.router.internal.AddressState.FailureKind.REFUSED;
import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.AddressState.Permit.TRIAL;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.AddressHealth;
import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A half-open trial that user traffic takes in the window before the background probe, and then
 * gives back unused, goes back to the probe: the address is not left half-open with nobody to try
 * it.
 */
class TrialHandBackTest {

  private final FakeClock clock = new FakeClock();
  private final ScriptedProber prober = new ScriptedProber(clock);
  private final RouterRuntime rt =
      new RouterRuntime(
          Harness.config().build(), clock, Clock.systemUTC(), new Random(7), new RouterEvents());
  private final HalfOpenProbes probes = new HalfOpenProbes(rt, prober, () -> false);

  @Test
  void aTrialTakenByUserTrafficAndReleasedUnusedIsProbedAndTheAddressReadmitted() {
    AtomicReference<AddressState.Permit> user = new AtomicReference<>();
    AtomicReference<Boolean> first = new AtomicReference<>(true);
    AddressState s =
        new AddressState(
            addr(2),
            rt,
            st -> {
              if (first.getAndSet(false)) {
                // user traffic slips in between halfOpen() and the probe
                user.set(st.tryAcquire(false));
              }
              probes.onHalfOpen(st);
            });
    prober.healthy(addr(2), true);
    s.recordFailure(NORMAL, REFUSED, "refused");
    clock.advance(Duration.ofMillis(2001));
    assertThat(user.get()).isEqualTo(TRIAL);
    assertThat(prober.probesOf(addr(2))).as("the probe found the trial taken").isZero();

    s.release(user.get()); // e.g. a race loser cancelled because another address won
    clock.advance(Duration.ofMillis(10));

    assertThat(prober.probesOf(addr(2))).isEqualTo(1);
    assertThat(s.state()).isEqualTo(CLOSED);
  }

  @Test
  void aProberThatCannotStartCountsAsAFailedTrialInsteadOfSpinning() {
    HalfOpenProbes throwing =
        new HalfOpenProbes(
            rt,
            (address, timeout, sslRequest, cb) -> {
              throw new IllegalStateException("no worker");
            },
            () -> false);
    AddressState t = new AddressState(addr(3), rt, throwing::onHalfOpen);
    t.recordFailure(NORMAL, REFUSED, "refused");
    clock.advance(Duration.ofMillis(2001));

    assertThat(t.state()).isEqualTo(AddressHealth.State.OPEN);
    assertThat(t.snapshot().lastFailure())
        .hasValueSatisfying(f -> assertThat(f).contains("no worker"));
  }
}
