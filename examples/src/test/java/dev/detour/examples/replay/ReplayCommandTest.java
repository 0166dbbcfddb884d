package dev.detour.examples.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ReplayCommand.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownScenarioIsAUsageErrorNamingTheKnownOnes() {
    assertThat(run("--scenario", "incident-2025-12-09")).isEqualTo(2);
    assertThat(err())
        .contains("--scenario: unknown scenario 'incident-2025-12-09'")
        .contains("incident-2025-12-08, dns-outage, all-down-then-recover, cold-start")
        .contains("Usage: replay");
  }

  @Test
  void aBadDurationIsAUsageErrorWithTheExpectedForm() {
    assertThat(run("--think", "25")).isEqualTo(2);
    assertThat(err())
        .contains("--think: '25' (expected a duration such as 250ms, 10s, 2m or PT10S)");
  }

  @Test
  void theWrongNumberOfPhaseDurationsNamesTheScenariosPhases() {
    assertThat(run("--scenario", "all-down-then-recover", "--phases", "5s,5s")).isEqualTo(2);
    assertThat(err())
        .contains("--phases: 2 durations given (expected 3 for all-down-then-recover:")
        .contains("healthy, all-down, recovered");
  }

  @Test
  void aPhaseShorterThanOneSecondIsRejected() {
    assertThat(run("--phases", "500ms,5s,5s,5s")).isEqualTo(2);
    assertThat(err()).contains("--phases: '500ms' (expected 1s to 30m)");
  }

  @Test
  void workersOutOfRangeAndUnknownFlagsAreUsageErrors() {
    assertThat(run("--workers", "0")).isEqualTo(2);
    assertThat(err()).contains("--workers: 0 (expected 1 to 200)");
    err.reset();
    assertThat(run("--wrokers", "3")).isEqualTo(2);
    assertThat(err()).contains("--wrokers");
  }

  @Test
  void theDefaultsKeepTheIncidentReplayAtAboutOneMinute() {
    ReplayCommand c = new ReplayCommand(System.out);
    new picocli.CommandLine(c).parseArgs();
    ReplayOptions o = c.options();

    assertThat(o.scenario()).isEqualTo(Scenario.INCIDENT);
    assertThat(o.phases())
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(15),
            Duration.ofSeconds(15));
    assertThat(o.planned()).isEqualTo(Duration.ofSeconds(70));
    for (Scenario s : Scenario.values()) {
      Duration total =
          s.phases().stream()
              .map(Scenario.PhaseSpec::duration)
              .reduce(Duration.ZERO, Duration::plus);
      assertThat(total).as(s.id()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(70));
      assertThat(s.phases().get(s.phases().size() - 1).name())
          .as("the last phase of %s clears the faults", s.id())
          .isIn(List.of("recovered", "awake"));
    }
  }

  @Test
  void helpPrintsEveryScenario() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--scenario")
        .contains("incident-2025-12-08 (default)")
        .contains("dns-outage")
        .contains("all-down-then-recover")
        .contains("cold-start");
  }
}
