package dev.detour.router.internal;

import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The references of a suspect check: other closed, handshake-proven addresses, idle ones first; an
 * address that is itself being checked is still a reference rather than none at all (an empty list
 * would let the suspect's result stand, the false charge the references exist to prevent).
 */
class SuspectReferencesTest {

  private final FakeClock clock = new FakeClock();
  private final RouterRuntime rt =
      new RouterRuntime(
          Harness.config().build(), clock, Clock.systemUTC(), new Random(7), new RouterEvents());
  private final SuspectProbes probes =
      new SuspectProbes(rt, new ScriptedProber(clock), () -> false);

  private AddressState proven(int last) {
    AddressState s = new AddressState(addr(last), rt, st -> {});
    s.recordProbeSuccess(NORMAL, true);
    return s;
  }

  @Test
  void idleProvenAddressesComeFirstAndCheckedOnesAreNeverLeftOut() {
    AddressState a = proven(1);
    AddressState b = proven(2);
    AddressState c = proven(3);
    AddressState unproven = new AddressState(addr(4), rt, st -> {});

    assertThat(probes.check("h", b, List.of(), "being checked")).isTrue();

    assertThat(probes.references(List.of(a, b, unproven), a)).containsExactly(b);
    assertThat(probes.references(List.of(a, b, c, unproven), a)).containsExactly(c, b);
    assertThat(probes.references(List.of(a, unproven), a)).isEmpty();
  }

  @Test
  void atMostThreeReferences() {
    List<AddressState> all = List.of(proven(1), proven(2), proven(3), proven(4), proven(5));
    assertThat(probes.references(all, all.get(0)))
        .hasSize(SuspectProbes.REFERENCES)
        .doesNotContain(all.get(0));
  }
}
