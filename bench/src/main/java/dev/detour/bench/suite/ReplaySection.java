package dev.detour.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The incident shape for a whole service, through the replay's own scenario engine (issue 12, in
 * {@code examples}) rather than a second one: a child JVM runs {@code ReplayMain --scenario
 * incident-2025-12-08} with the mode's phase lengths (the replay needs its hosts file at JVM
 * start), and the suite reads its {@code report.json}: each stack's requests, errors, p50, p99, max
 * and longest hang, with the replay's verdict on Detour's bars. Without the replay on the class
 * path the rows say so.
 */
final class ReplaySection {

  static final String SCENARIO = "incident replay, whole service (examples' replay engine)";
  static final String MAIN = "dev.detour.examples.replay.ReplayMain";

  private ReplaySection() {}

  /**
   * A replay child started by {@link #start}, read by {@link #finish}.
   *
   * @param process the child, or null when the replay is not on the class path
   * @param dir its report directory, or null with no child
   * @param startNanos when it started
   */
  record Running(Process process, Path dir, long startNanos) {}

  /** Runs the replay and adds its rows: {@link #start}, then {@link #finish}. */
  static void run(SuiteResults results, SuiteMode mode) throws Exception {
    finish(results, mode, start(mode));
  }

  /** Starts the replay's child JVM (when the replay is on the class path) and returns at once. */
  static Running start(SuiteMode mode) throws IOException {
    if (!onClassPath()) {
      return new Running(null, null, System.nanoTime());
    }
    Path dir = Files.createTempDirectory("detour-bench-replay");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the replay writes its hosts file before the first lookup; given the property at start, it
    // does not relaunch itself to set it (one JVM start fewer)
    command.add("-Djdk.net.hosts.file=" + dir.resolve("hosts"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
    command.addAll(
        List.of(
            "--scenario",
            "incident-2025-12-08",
            "--phases",
            mode.replayPhases,
            "--drain",
            mode.replayDrain,
            "--report-dir",
            dir.toString(),
            "--no-chart",
            "--plain"));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("replay.log").toFile())
            .start();
    return new Running(p, dir, System.nanoTime());
  }

  /**
   * Waits for a started replay, within the mode's bound counted from its start, and adds its rows.
   */
  static void finish(SuiteResults results, SuiteMode mode, Running running) throws Exception {
    if (running.process() == null) {
      results
          .row(SCENARIO, "baseline stack")
          .absent("not measured: " + MAIN + " not on this branch yet");
      results
          .row(SCENARIO, "Detour stack")
          .absent("not measured: " + MAIN + " not on this branch yet");
      return;
    }
    Process p = running.process();
    Path dir = running.dir();
    long left =
        TimeUnit.SECONDS.toNanos(mode.replayBoundSeconds)
            - (System.nanoTime() - running.startNanos());
    boolean done = p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    Path report = dir.resolve("report.json");
    if (!Files.exists(report)) {
      String why =
          done
              ? "the replay exited " + p.exitValue() + " without a report (log: " + dir + ")"
              : "the replay ran past " + mode.replayBoundSeconds + " s and was stopped";
      results.row(SCENARIO, "baseline stack").absent("not measured: " + why);
      results.row(SCENARIO, "Detour stack").absent("not measured: " + why);
      return;
    }
    try {
      read(results, new ObjectMapper().readTree(report.toFile()), mode);
    } catch (IOException | RuntimeException e) {
      results.row(SCENARIO, "baseline stack").absent("not measured: report.json unreadable: " + e);
      results.row(SCENARIO, "Detour stack").absent("not measured: report.json unreadable: " + e);
    }
  }

  private static void read(SuiteResults results, JsonNode root, SuiteMode mode) throws IOException {
    Iterator<Map.Entry<String, JsonNode>> stacks = root.path("stacks").fields();
    while (stacks.hasNext()) {
      Map.Entry<String, JsonNode> e = stacks.next();
      JsonNode s = e.getValue();
      long requests = s.path("requests").asLong();
      long errors = s.path("errors").asLong();
      ResultRow row =
          results.row(SCENARIO, e.getKey() + " stack: " + s.path("description").asText());
      row.summary(
          requests - errors,
          errors,
          s.path("p50Millis").asDouble(),
          s.path("p99Millis").asDouble(),
          s.path("maxMillis").asDouble());
      row.note(
          String.format(
              Locale.ROOT,
              "requests (not connects); error rate %.1f %%; longest hang %.1f s; hung at the end %d;"
                  + " pool timeouts %d; fast-fails %d; listener gaps %d; jobs lost %d",
              s.path("errorRatePercent").asDouble(),
              s.path("longestHangSeconds").asDouble(),
              s.path("hungAtEnd").asInt(),
              s.path("poolTimeouts").asInt(),
              s.path("fastFails").asInt(),
              s.path("listenerGaps").asInt(),
              s.path("jobsLost").asInt()));
    }
    JsonNode verdict = root.path("verdict");
    results.scenarioNote(
        SCENARIO,
        String.format(
            Locale.ROOT,
            "The replay's incident-2025-12-08 scenario, phases %s, %d workers per stack; both stacks"
                + " under the same load and faults in one process. Its verdict on Detour's bars: %s.",
            mode.replayPhases,
            root.path("workersPerStack").asInt(),
            verdict.path("reason").asText("none")));
  }

  private static boolean onClassPath() {
    try {
      Class.forName(MAIN, false, ReplaySection.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
