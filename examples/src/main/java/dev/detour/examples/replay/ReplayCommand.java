package dev.detour.examples.replay;

import dev.detour.core.Durations;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code replay} command: parses and checks the options, runs a {@link Replay}, prints the
 * side-by-side table and writes the report directory.
 *
 * <p>Exit codes: 0 when Detour met every bar; 1 when it missed one (the reason is printed); 2 for a
 * usage error; 3 when the replay itself could not run.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a database incident against two stacks side by side, in one process:",
      "  baseline: pgjdbc + HikariCP with default settings and a naive LISTEN loop;",
      "  detour:   DetourDataSource and DetourListener with default settings.",
      "Both get the same load and the same faults on one host name with 12 addresses.",
      "Scenarios: incident-2025-12-08 (default), dns-outage, all-down-then-recover, cold-start."
    },
    sortOptions = false)
final class ReplayCommand implements Callable<Integer> {

  static final int EXIT_BARS_MISSED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_ERROR = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "incident-2025-12-08 (default), dns-outage, all-down-then-recover, cold-start")
  String scenario = Scenario.INCIDENT.id();

  @Option(
      names = "--phases",
      paramLabel = "D,D,...",
      description =
          "one duration per phase of the scenario (250ms, 10s, 1m); default: the scenario's,"
              + " about 60 s in all (incident: 10s,20s,15s,15s)")
  String phases;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "concurrent request workers per stack, 1..200 (default: ${DEFAULT-VALUE})")
  int workers = 12;

  @Option(
      names = "--think",
      paramLabel = "DURATION",
      description = "pause between two requests of one worker (default: ${DEFAULT-VALUE})")
  String think = "25ms";

  @Option(
      names = "--job-every",
      paramLabel = "DURATION",
      description = "one job per stack is queued this often (default: ${DEFAULT-VALUE})")
  String jobEvery = "200ms";

  @Option(
      names = "--drain",
      paramLabel = "DURATION",
      description =
          "after the last phase, wait up to this long for queued jobs (default: ${DEFAULT-VALUE})")
  String drain = "10s";

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "where report.md, report.json and the chart go (default: target/replay/<scenario>-<time>)")
  Path reportDir;

  @Option(
      names = "--no-chart",
      description = "write report.md and report.json only (no chart.png, chart.svg)")
  boolean noChart;

  @Option(
      names = "--plain",
      description = "no colours even on a terminal (output that is not a terminal is always plain)")
  boolean plain;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "seed of the workers' request mix (default: ${DEFAULT-VALUE})")
  long seed = 1208;

  private final PrintStream out;

  ReplayCommand(PrintStream out) {
    this.out = out;
  }

  /** Runs the command line {@code args}; returns the exit code. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new ReplayCommand(out));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** Checks every option and returns the replay's settings. */
  ReplayOptions options() {
    Scenario s;
    try {
      s = Scenario.of(scenario);
    } catch (IllegalArgumentException e) {
      throw usage("--scenario: " + e.getMessage());
    }
    List<Duration> durations = new ArrayList<>();
    List<String> given = phases == null ? List.of() : List.of(phases.split(",", -1));
    if (given.isEmpty()) {
      s.phases().forEach(p -> durations.add(p.duration()));
    } else {
      if (given.size() != s.phases().size()) {
        throw usage(
            "--phases: "
                + given.size()
                + " durations given (expected "
                + s.phases().size()
                + " for "
                + s.id()
                + ": "
                + String.join(", ", s.phases().stream().map(Scenario.PhaseSpec::name).toList())
                + ")");
      }
      for (String p : given) {
        durations.add(
            duration("--phases", p.trim(), Duration.ofSeconds(1), Duration.ofMinutes(30)));
      }
    }
    if (workers < 1 || workers > 200) {
      throw usage("--workers: " + workers + " (expected 1 to 200)");
    }
    Duration thinkTime = duration("--think", think, Duration.ZERO, Duration.ofSeconds(10));
    Duration jobs = duration("--job-every", jobEvery, Duration.ofMillis(10), Duration.ofMinutes(1));
    Duration drainTime = duration("--drain", drain, Duration.ZERO, Duration.ofMinutes(5));
    Path dir =
        reportDir != null
            ? reportDir
            : Path.of(
                "target",
                "replay",
                s.id()
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    boolean color = !plain && System.console() != null && System.getenv("NO_COLOR") == null;
    return new ReplayOptions(s, durations, workers, thinkTime, jobs, drainTime, dir, color, seed);
  }

  private Duration duration(String option, String text, Duration min, Duration max) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (RuntimeException e) {
      throw usage(
          option + ": '" + text + "' (expected a duration such as 250ms, 10s, 2m or PT10S)");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw usage(
          option
              + ": '"
              + text
              + "' (expected "
              + Durations.format(min)
              + " to "
              + Durations.format(max)
              + ")");
    }
    return d;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() {
    ReplayOptions options = options();
    ProgressPrinter progress = new ProgressPrinter(out, options.color());
    ReplayResult result;
    try {
      result = new Replay(options, progress).run();
    } catch (Exception e) {
      progress.say("replay failed: %s", e);
      e.printStackTrace(out);
      return EXIT_ERROR;
    }
    out.println();
    out.println(new SummaryTable(result.stacks()).text());
    for (var entry : result.bars().entrySet()) {
      for (Bars.Outcome b : entry.getValue()) {
        progress.say(
            "  %-8s %-4s %s: %s", entry.getKey(), b.met() ? "ok" : "MISS", b.bar(), b.detail());
      }
    }
    try {
      ReportWriter.write(result, options.reportDir(), !noChart);
      progress.say("");
      progress.say("Report: %s", options.reportDir().toAbsolutePath());
      if (noChart) {
        progress.say("  %s, %s", ReportWriter.MARKDOWN, ReportWriter.JSON);
      } else {
        progress.say(
            "  %s, %s, %s, %s",
            ReportWriter.MARKDOWN, ReportWriter.JSON, ReplayChart.PNG, ReplayChart.SVG);
      }
    } catch (Exception e) {
      progress.say("could not write the report to %s: %s", options.reportDir(), e);
      return EXIT_ERROR;
    }
    progress.say("%s", ReportWriter.verdictLine(result));
    return result.passed() ? 0 : EXIT_BARS_MISSED;
  }
}
