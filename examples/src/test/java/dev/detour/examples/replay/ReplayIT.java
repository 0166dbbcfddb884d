package dev.detour.examples.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short replays (about 15 s of phases each) end to end, in this JVM: the failsafe JVM is started
 * with {@code -Djdk.net.hosts.file} (see the module's pom), as {@link ReplayMain} would.
 */
class ReplayIT {

  /**
   * Starting the embedded PostgreSQL and closing both stacks (each close is bounded at 5 s) on a
   * busy 2-core machine: what the run may take beyond its planned phases and drain.
   */
  private static final Duration STARTUP_AND_CLOSE_MARGIN = Duration.ofSeconds(60);

  /** Both runs plan 15 s of phases and at most 5 s of drain. */
  private static final Duration PLANNED = Duration.ofSeconds(20);

  @TempDir Path reportDir;

  @Test
  void aShortAllDownReplayPassesAndWritesItsJsonAndChart() throws Exception {
    Run run = replay("--scenario", "all-down-then-recover", "--phases", "4s,6s,5s");

    assertThat(run.code).as("exit code; output:%n%s", run.out).isZero();
    assertThat(run.out)
        .contains("phase 2/3: all 12 addresses down")
        .contains("PASS: Detour met every bar.")
        .doesNotContain("\u001b[");
    JsonNode json = run.json();
    assertThat(json.get("scenario").asText()).isEqualTo("all-down-then-recover");
    assertThat(json.get("phases")).hasSize(3);
    assertThat(json.at("/verdict/passed").asBoolean()).isTrue();
    assertThat(json.at("/verdict/exitCode").asInt()).isZero();
    assertThat(json.get("faults").get(0).get("healthyAddresses").asInt()).isZero();
    for (String stack : new String[] {"baseline", "detour"}) {
      assertThat(json.at("/stacks/" + stack + "/requests").asLong()).as(stack).isPositive();
      assertThat(json.at("/stacks/" + stack + "/seconds").size())
          .as(stack)
          .isGreaterThanOrEqualTo(15);
      assertThat(json.at("/stacks/" + stack + "/jobsInserted").asInt()).as(stack).isPositive();
    }
    run.assertChartAndMarkdown();
  }

  @Test
  void aShortIncidentReplayExitsWithItsVerdictAndDetourLosesNoJob() throws Exception {
    Run run = replay("--phases", "3s,5s,4s,3s");

    JsonNode json = run.json();
    boolean passed = json.at("/verdict/passed").asBoolean();
    assertThat(run.code).as("exit code; output:%n%s", run.out).isEqualTo(passed ? 0 : 1);
    assertThat(json.at("/verdict/exitCode").asInt()).isEqualTo(run.code);
    assertThat(run.out)
        .contains("phase 2/4: 8 of 12 addresses hang")
        .contains(passed ? "PASS: Detour met every bar." : "FAIL: Detour missed a bar: ");
    assertThat(json.get("faults").get(0).get("healthyAddresses").asInt()).isEqualTo(4);
    assertThat(json.at("/stacks/detour/bars/2/met").asBoolean())
        .as("Detour's listener recovered and lost no job: %s", json.at("/stacks/detour/bars/2"))
        .isTrue();
    run.assertChartAndMarkdown();
  }

  private Run replay(String... scenario) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[scenario.length + 6];
    System.arraycopy(scenario, 0, args, 0, scenario.length);
    System.arraycopy(
        new String[] {"--workers", "4", "--drain", "5s", "--report-dir", reportDir.toString()},
        0,
        args,
        scenario.length,
        6);
    Instant start = Instant.now();
    int code =
        ReplayCommand.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    Duration took = Duration.between(start, Instant.now());
    assertThat(took).isLessThan(PLANNED.plus(STARTUP_AND_CLOSE_MARGIN));
    return new Run(code, out.toString(StandardCharsets.UTF_8) + err, reportDir);
  }

  private record Run(int code, String out, Path dir) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
    }

    void assertChartAndMarkdown() throws Exception {
      assertThat(ImageIO.read(dir.resolve(ReplayChart.PNG).toFile()).getHeight()).isPositive();
      assertThat(Files.readString(dir.resolve(ReplayChart.SVG))).contains("<svg");
      assertThat(Files.readString(dir.resolve(ReportWriter.MARKDOWN))).contains("| requests |");
    }
  }
}
