package dev.detour.router.internal;

import static dev.detour.router.internal.AddressState.FailureKind.FAILED;
import static dev.detour.router.internal.AddressState.FailureKind.REFUSED;
import static dev.detour.router.internal.AddressState.FailureKind.TIMED_OUT;
import static dev.detour.router.internal.AddressState.Permit.NORMAL;
import static dev.detour.router.internal.Harness.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast-fail text: error text is API, so it is pinned here word for word. */
class FailureTextTest {

  private final FakeClock clock = new FakeClock();
  private final RouterRuntime rt =
      new RouterRuntime(
          Harness.config().build(), clock, Clock.systemUTC(), new Random(7), new RouterEvents());

  @Test
  void countsEachKindInDeclarationOrderAndPrintsTheNextProbeInTheGivenZone() {
    AddressState refused = new AddressState(addr(1), rt, s -> {});
    AddressState timedOut = new AddressState(addr(2), rt, s -> {});
    AddressState failed = new AddressState(addr(3), rt, s -> {});
    AddressState never = new AddressState(addr(4), rt, s -> {});
    refused.recordFailure(NORMAL, REFUSED, "refused");
    clock.advance(Duration.ofMillis(1500));
    timedOut.recordFailure(NORMAL, TIMED_OUT, "timed out after 1.5s");
    failed.recordFailure(NORMAL, FAILED, "failed: reset");
    clock.advance(Duration.ofMillis(250));

    String text =
        FailureText.fastFail(
            "db.neon.test",
            5432,
            Duration.ofSeconds(10).toNanos(),
            List.of(refused, timedOut, failed, never),
            Instant.parse("2026-01-02T03:04:05.999Z"),
            ZoneId.of("+09:30"));

    assertThat(text)
        .isEqualTo(
            "db.neon.test:5432: no healthy address within 10s budget (4 open: 1 timed out,"
                + " 1 refused, 1 failed); fast-fail open until 12:34:05 [127.0.0.1:5432 open,"
                + " refused 1.8s ago; 127.0.0.2:5432 open, timed out after 1.5s 250ms ago;"
                + " 127.0.0.3:5432 closed, failed: reset 250ms ago; 127.0.0.4:5432 closed];"
                + " failing without dialing until a background probe or a DNS change re-admits"
                + " an address");
  }

  @Test
  void leavesOutTheCountsAndTheTimeWhenThereAreNone() {
    AddressState never = new AddressState(addr(1), rt, s -> {});
    String text =
        FailureText.fastFail(
            "h", 1, Duration.ofMillis(1500).toNanos(), List.of(never), null, ZoneId.of("UTC"));
    assertThat(text)
        .isEqualTo(
            "h:1: no healthy address within 1.5s budget (1 open) [127.0.0.1:5432 closed];"
                + " failing without dialing until a background probe or a DNS change re-admits"
                + " an address");
  }
}
