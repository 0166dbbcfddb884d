package dev.detour.examples.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.detour.core.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a replay's report directory: {@code report.md}, {@code report.json} and, unless left out
 * ({@code --no-chart}), the chart ({@code chart.png}, {@code chart.svg}, see {@link ReplayChart}).
 */
final class ReportWriter {

  static final String MARKDOWN = "report.md";
  static final String JSON = "report.json";

  private ReportWriter() {}

  /** Writes every file into {@code dir} (created if needed). */
  static void write(ReplayResult r, Path dir) throws IOException {
    write(r, dir, true);
  }

  /** Writes the report into {@code dir} (created if needed), the chart only if {@code chart}. */
  static void write(ReplayResult r, Path dir, boolean chart) throws IOException {
    Files.createDirectories(dir);
    if (chart) {
      ReplayChart.write(r, dir);
    }
    Files.writeString(dir.resolve(MARKDOWN), markdown(r, chart), StandardCharsets.UTF_8);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(JSON).toFile(), json(r));
  }

  static String verdictLine(ReplayResult r) {
    return r.passed()
        ? "PASS: Detour met every bar."
        : "FAIL: Detour missed a bar: " + r.failureReason();
  }

  static String markdown(ReplayResult r, boolean chart) {
    StringBuilder sb = new StringBuilder();
    ReplayOptions o = r.options();
    sb.append("# Detour incident replay: ").append(o.scenario().id()).append("\n\n");
    sb.append(o.scenario().description()).append(".\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Started %s; %.1f s; %d workers per stack, %s think time; one job per stack every %s."
                + " Host %s, %d addresses (%s..%s).\n\n",
            r.startedAt(),
            r.endSeconds(),
            o.workers(),
            Durations.format(o.think()),
            Durations.format(o.jobInterval()),
            r.hostName(),
            r.addresses().size(),
            r.addresses().get(0),
            r.addresses().get(r.addresses().size() - 1)));
    sb.append("**").append(verdictLine(r)).append("**\n\n");
    if (chart) {
      sb.append("![per-second p99 latency and errors](chart.svg)\n\n");
    }
    sb.append("## Phases\n\n| phase | from | to |\n|---|---|---|\n");
    for (ReplayResult.PhaseRun p : r.phases()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f s | %.1f s |\n",
              p.label(),
              p.startSeconds(),
              p.endSeconds()));
    }
    sb.append("\n## Stacks\n\n");
    for (StackSummary s : r.stacks()) {
      sb.append("- **").append(s.stack()).append("**: ").append(s.description()).append('\n');
    }
    sb.append("\n## Results\n\n").append(new SummaryTable(r.stacks()).markdown());
    sb.append("\n## Bars\n\nDetour's bars decide the exit code; the baseline is judged by the same")
        .append(" bars for comparison.\n\n| stack | bar | met | detail |\n|---|---|---|---|\n");
    r.bars()
        .forEach(
            (stack, outcomes) -> {
              for (Bars.Outcome b : outcomes) {
                sb.append("| ")
                    .append(stack)
                    .append(" | ")
                    .append(b.bar())
                    .append(" | ")
                    .append(b.met() ? "yes" : "**no**")
                    .append(" | ")
                    .append(b.detail().replace("|", "/"))
                    .append(" |\n");
              }
            });
    sb.append("\n## Faults\n\n| at | healthy addresses | what |\n|---|---|---|\n");
    for (FaultTimeline.Mark m : r.faults()) {
      sb.append(
          String.format(
              Locale.ROOT, "| %.1f s | %d | %s |\n", m.at() / 1e9, m.healthy(), m.what()));
    }
    sb.append("\n## Listener gaps\n\n");
    for (StackSummary s : r.stacks()) {
      for (StackRecorder.Gap g : s.gaps()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "- %s: %.1f s to %.1f s: %s\n",
                s.stack(),
                g.start() / 1e9,
                g.end() / 1e9,
                g.reason()));
      }
    }
    return sb.toString();
  }

  static Map<String, Object> json(ReplayResult r) {
    Map<String, Object> root = new LinkedHashMap<>();
    ReplayOptions o = r.options();
    root.put("scenario", o.scenario().id());
    root.put("description", o.scenario().description());
    root.put("startedAt", r.startedAt().toString());
    root.put("durationSeconds", round(r.endSeconds()));
    root.put("workersPerStack", o.workers());
    root.put("thinkMillis", o.think().toMillis());
    root.put("jobIntervalMillis", o.jobInterval().toMillis());
    root.put("host", r.hostName());
    root.put("addresses", r.addresses());
    root.put("requestBoundSeconds", seconds(r.requestBound()));
    List<Map<String, Object>> phases = new ArrayList<>();
    for (ReplayResult.PhaseRun p : r.phases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("label", p.label());
      m.put("startSeconds", round(p.startSeconds()));
      m.put("endSeconds", round(p.endSeconds()));
      phases.add(m);
    }
    root.put("phases", phases);
    List<Map<String, Object>> faults = new ArrayList<>();
    for (FaultTimeline.Mark m : r.faults()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("atSeconds", round(m.at() / 1e9));
      f.put("healthyAddresses", m.healthy());
      f.put("killingOpenConnections", m.killingOpenConnections());
      f.put("what", m.what());
      faults.add(f);
    }
    root.put("faults", faults);
    Map<String, Object> stacks = new LinkedHashMap<>();
    for (StackSummary s : r.stacks()) {
      stacks.put(s.stack(), stack(s, r.seconds().get(s.stack()), r.bars().get(s.stack())));
    }
    root.put("stacks", stacks);
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("passed", r.passed());
    verdict.put("exitCode", r.passed() ? 0 : ReplayCommand.EXIT_BARS_MISSED);
    verdict.put("reason", r.passed() ? "Detour met every bar" : r.failureReason());
    root.put("verdict", verdict);
    return root;
  }

  private static Map<String, Object> stack(
      StackSummary s, List<StackRecorder.Second> seconds, List<Bars.Outcome> bars) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("description", s.description());
    m.put("requests", s.requests());
    m.put("errors", s.errors());
    m.put("errorRatePercent", round(s.errorRate()));
    m.put("p50Millis", round(s.p50Millis()));
    m.put("p99Millis", round(s.p99Millis()));
    m.put("maxMillis", round(s.maxMillis()));
    m.put("longestHangSeconds", round(s.longestHangSeconds()));
    m.put("hungAtEnd", s.hungAtEnd());
    m.put("oldestHungSeconds", round(s.oldestHungSeconds()));
    m.put("poolTimeouts", s.poolTimeouts());
    m.put("fastFails", s.fastFails());
    m.put("connectFailures", s.connectFailures());
    m.put("failuresOnOpenConnections", s.queryFailures());
    m.put("listenerGaps", s.listenerGaps());
    m.put("listenerGapSeconds", round(s.listenerGapSeconds()));
    m.put("listenerConnectedAtEnd", s.listenerConnectedAtEnd());
    m.put("recoverSeconds", s.recoverSeconds() < 0 ? null : round(s.recoverSeconds()));
    m.put("jobsInserted", s.jobsInserted());
    m.put("jobsProcessed", s.jobsProcessed());
    m.put("jobsDelayed", s.jobsDelayed());
    m.put("jobsLost", s.jobsLost());
    m.put("jobP99Millis", round(s.jobP99Millis()));
    m.put("jobMaxMillis", round(s.jobMaxMillis()));
    List<Map<String, Object>> b = new ArrayList<>();
    for (Bars.Outcome o : bars) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("bar", o.bar());
      x.put("met", o.met());
      x.put("detail", o.detail());
      b.add(x);
    }
    m.put("bars", b);
    List<Map<String, Object>> secs = new ArrayList<>();
    for (StackRecorder.Second x : seconds) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("second", x.index());
      e.put("requests", x.requests());
      e.put("errors", x.errors());
      e.put("p99Millis", x.requests() == 0 ? null : round(x.p99Millis()));
      e.put("longestInFlightMillis", round(x.longestInFlightMillis()));
      e.put("poolActive", x.active());
      e.put("poolWaiting", x.waiting());
      e.put("listener", x.listener());
      secs.add(e);
    }
    m.put("seconds", secs);
    return m;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
