package dev.detour.examples.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @TempDir Path dir;

  @Test
  void writesMarkdownJsonAndAChartWithBothStacksAndThePhases() throws Exception {
    ReplayResult r = sample(true);

    ReportWriter.write(r, dir);

    JsonNode json = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
    assertThat(json.get("scenario").asText()).isEqualTo("incident-2025-12-08");
    assertThat(json.get("phases")).hasSize(4);
    assertThat(json.at("/stacks/baseline/seconds")).hasSize(20);
    assertThat(json.at("/stacks/detour/errors").asLong()).isEqualTo(3);
    assertThat(json.at("/stacks/baseline/seconds/5/p99Millis").isNull())
        .as("a second without a finished request has no p99")
        .isTrue();
    assertThat(json.at("/verdict/passed").asBoolean()).isTrue();
    assertThat(json.at("/verdict/exitCode").asInt()).isZero();

    BufferedImage png = ImageIO.read(dir.resolve(ReplayChart.PNG).toFile());
    assertThat(png.getWidth()).isEqualTo(1200);
    String svg = Files.readString(dir.resolve(ReplayChart.SVG), StandardCharsets.UTF_8);
    assertThat(svg).startsWith("<?xml").contains("<svg").contains("8 of 12 addresses hang");

    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN), StandardCharsets.UTF_8);
    assertThat(md)
        .contains("PASS: Detour met every bar")
        .contains("| requests | 400 | 400 |")
        .contains("chart.svg");
  }

  @Test
  void withoutTheChartOnlyTheMarkdownAndTheJsonAreWritten() throws Exception {
    ReplayResult r = sample(true);

    ReportWriter.write(r, dir, false);

    assertThat(dir.resolve(ReplayChart.PNG)).doesNotExist();
    assertThat(dir.resolve(ReplayChart.SVG)).doesNotExist();
    JsonNode json = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
    assertThat(json.at("/verdict/passed").asBoolean()).isTrue();
    assertThat(Files.readString(dir.resolve(ReportWriter.MARKDOWN), StandardCharsets.UTF_8))
        .contains("PASS: Detour met every bar")
        .doesNotContain("chart.svg");
  }

  @Test
  void aMissedBarGivesTheReasonAndExitCodeOne() throws Exception {
    ReplayResult r = sample(false);

    ReportWriter.write(r, dir);

    JsonNode json = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
    assertThat(json.at("/verdict/passed").asBoolean()).isFalse();
    assertThat(json.at("/verdict/exitCode").asInt()).isEqualTo(ReplayCommand.EXIT_BARS_MISSED);
    assertThat(json.at("/verdict/reason").asText())
        .isEqualTo("listener recovered and no job lost: 2 jobs lost");
  }

  private static ReplayResult sample(boolean pass) {
    ReplayOptions options =
        new ReplayOptions(
            Scenario.INCIDENT,
            List.of(
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5)),
            4,
            Duration.ofMillis(25),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Path.of("unused"),
            false,
            1);
    Map<String, List<StackRecorder.Second>> seconds = new LinkedHashMap<>();
    List<StackSummary> stacks = new ArrayList<>();
    Map<String, List<Bars.Outcome>> bars = new LinkedHashMap<>();
    for (String name : List.of(BaselineStack.NAME, DetourStack.NAME)) {
      List<StackRecorder.Second> list = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        boolean hung = name.equals(BaselineStack.NAME) && i >= 5 && i < 15;
        list.add(
            new StackRecorder.Second(
                i,
                hung ? 0 : 20,
                0,
                hung ? 0 : 4.0 + i,
                9,
                hung ? (i - 4) * 1000.0 : 1,
                1,
                0,
                "connected",
                true));
      }
      seconds.put(name, list);
      stacks.add(
          new StackSummary(
              name,
              name + " stack",
              400,
              name.equals(DetourStack.NAME) ? 3 : 0,
              1,
              5,
              10_000,
              0,
              0,
              0,
              3,
              0,
              0,
              0,
              0,
              0,
              true,
              0,
              100,
              100,
              0,
              0,
              10,
              20,
              List.of()));
      bars.put(
          name,
          List.of(
              new Bars.Outcome("no failed request while an address was healthy", true, "none"),
              new Bars.Outcome("listener recovered and no job lost", pass, "2 jobs lost")));
    }
    return new ReplayResult(
        options,
        Instant.parse("2026-12-07T02:00:00Z"),
        "ep-test-123456.neon.test",
        List.of("127.0.0.11", "127.0.0.22"),
        List.of(
            new ReplayResult.PhaseRun("healthy", "healthy", 0, 5),
            new ReplayResult.PhaseRun("addresses-hang", "8 of 12 addresses hang", 5, 10),
            new ReplayResult.PhaseRun("listener-stalls", "listener's address stalls", 10, 15),
            new ReplayResult.PhaseRun("recovered", "faults clear", 15, 20)),
        stacks,
        seconds,
        bars,
        List.of(new FaultTimeline.Mark(5_000_000_000L, 4, true, "8 of 12 black-holed")),
        Duration.ofSeconds(40),
        20.5);
  }
}
