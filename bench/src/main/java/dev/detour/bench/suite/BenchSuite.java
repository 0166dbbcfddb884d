package dev.detour.bench.suite;

import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The benchmark suite: one command that measures Detour against its peers, side by side, in one
 * run, on one fleet, under the same faults, and writes every figure down.
 *
 * <p>Usage: {@code BenchSuite [--quick] [--out DIR] [--benchmarks-md FILE|--no-benchmarks-md]
 * [--seed N]}. By default the results go to {@code bench/results/<date>-<commit>.{md,json,png,svg}}
 * of the repository, and BENCHMARKS.md's latest section is rewritten. {@code --quick} runs every
 * scenario and every client with fewer samples and a shorter deadline (about 2 minutes); the
 * integration test runs it.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>Describe the machine (cores, JDK, load average, commit).
 *   <li>Start the lab: embedded PostgreSQL, a DNS server, 12 fault proxies ({@link NeonLikeFleet}).
 *   <li>Run the connect scenarios, peers and Detour ({@link ConnectScenarios}, {@link
 *       DetourScenarios}), then the pool and the listener sections.
 *   <li>Judge every goal, then write the Markdown, the JSON and the chart, and update
 *       BENCHMARKS.md.
 * </ol>
 */
public final class BenchSuite {

  /** The documented command, run from the repository root. */
  static final String COMMAND =
      "./mvnw -B -q -Pbench package -DskipTests -pl bench -am"
          + " -Dbench.main=dev.detour.bench.suite.BenchSuite";

  private BenchSuite() {}

  /** Runs the suite and exits (threads abandoned by hung peers must not keep the JVM alive). */
  public static void main(String[] args) throws Exception {
    int status;
    try {
      SuiteRun run = run(args);
      System.out.println(run.markdown());
      System.out.println("written: " + run.markdownFile() + " (+ .json, .png, .svg)");
      status = 0;
    } catch (IllegalArgumentException e) {
      System.err.println("BenchSuite: " + e.getMessage());
      System.err.println(
          "usage: BenchSuite [--quick] [--out DIR] [--benchmarks-md FILE|--no-benchmarks-md]"
              + " [--seed N]");
      status = 2;
    }
    System.exit(status);
  }

  /**
   * Runs the suite.
   *
   * @param args the command-line options
   * @return where the results went, and their Markdown
   * @throws IllegalArgumentException for a bad option, naming it
   */
  public static SuiteRun run(String[] args) throws Exception {
    SuiteOptions options = SuiteOptions.parse(args);
    System.setProperty("java.awt.headless", "true");
    Machine machine = Machine.describe(options.repo());
    SuiteResults results = new SuiteResults(options.mode(), machine);
    String command = command(options);
    progress(
        "machine: %d cores, load %s, commit %s",
        machine.cores(), machine.loadBefore(), machine.commit());
    long start = System.nanoTime();
    // The replay runs in a JVM and lab of its own (it sets its hosts file at JVM start). In the
    // full run it runs alone at the end, and every scenario in the order. In the quick mode
    // it starts after the healthy fleet and runs alongside the peers' fault rounds, whose figures
    // are seconds of timeouts, not CPU; the millisecond figures (healthy, warm router, fast-fail,
    // learning, cold JVM, pool, listener) are taken once it has ended.
    boolean alongside = options.mode() == SuiteMode.QUICK;
    ReplaySection.Running replay = null;
    try (NeonLikeFleet fleet = NeonLikeFleet.start();
        ConnectLab lab = new ConnectLab(fleet, options.mode(), options.seed());
        Rounds rounds = new Rounds(options.seed())) {
      ConnectScenarios peers = new ConnectScenarios(lab, options.mode(), results, rounds);
      // the tables keep the order, whatever order the steps run in
      results.order(ConnectScenarios.ORDER);
      DetourScenarios detour = new DetourScenarios(lab, options.mode(), results);
      timed(results, ConnectScenarios.HEALTHY, peers::healthy);
      if (alongside) {
        replay = ReplaySection.start(options.mode());
        quickFaultScenarios(results, options.mode(), lab, peers, detour, replay);
      } else {
        timed(results, ConnectScenarios.COLD, peers::cold);
        detour.statelessPeerRows(ConnectScenarios.LEARNING);
        timed(results, ConnectScenarios.WARM, detour::warm);
        timed(
            results,
            ConnectScenarios.LAST_ONE,
            () -> {
              peers.lastOne();
              detour.lastOneWarm();
            });
        timed(results, ConnectScenarios.STALL, peers::stall);
        timed(
            results,
            ConnectScenarios.ALL_DOWN,
            () -> {
              peers.allDown();
              detour.fastFail();
            });
      }
      detour.statelessPeerRows(ConnectScenarios.BURST);
      // learning, stalled handshakes, bursts and the cold JVM of issue 8: the router's own code
      timed(
          results,
          "issue 8 (learning, stalled handshakes, bursts, cold JVM)",
          () -> LearningSection.run(results, fleet, options.mode()));
      timed(results, ConnectScenarios.COLD_JVM, peers::coldJvm);
      results.caveats.addAll(SuiteCaveats.connect(lab.psql.isPresent(), options.mode()));
      RouterRegistry.closeAll();
      timed(results, "pool", () -> PoolSection.run(results, fleet, options.mode()));
      timed(results, "listener", () -> ListenerSection.run(results, fleet, options.mode()));
    } catch (Exception | Error e) {
      if (replay != null && replay.process() != null) {
        replay.process().destroyForcibly();
      }
      throw e;
    } finally {
      RouterRegistry.closeAll();
    }
    if (!alongside) {
      timed(results, ReplaySection.SCENARIO, () -> ReplaySection.run(results, options.mode()));
    }
    new ConnectGoals(results, options.seed()).judge();
    results.totalSeconds = (System.nanoTime() - start) / 1e9;
    results.loadAfter = Machine.Load.now();

    Path out = options.out();
    Files.createDirectories(out);
    String base =
        DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(machine.started())
            + "-"
            + machine.commit();
    Path md = out.resolve(base + ".md");
    String relative = relative(options.repo(), md);
    String body = ResultsMarkdown.render(results, command, relative);
    Files.writeString(md, "# Benchmark suite run " + base + "\n\n" + body);
    Files.writeString(out.resolve(base + ".json"), ResultsJson.render(results, command));
    LatencyChart.write(results, out.resolve(base));
    if (options.benchmarksMd() != null) {
      BenchmarksMd.update(options.benchmarksMd(), body);
    }
    return new SuiteRun(
        md,
        out.resolve(base + ".json"),
        out.resolve(base + ".png"),
        out.resolve(base + ".svg"),
        body,
        results);
  }

  /**
   * The quick mode's fault scenarios: the peers' fault rounds while the replay runs, then the
   * replay's rows, then Detour's warm-router and fast-fail parts, each on the DNS order its
   * scenario's rounds ended with (as in the full run, where they follow those rounds at once).
   */
  private static void quickFaultScenarios(
      SuiteResults results,
      SuiteMode mode,
      ConnectLab lab,
      ConnectScenarios peers,
      DetourScenarios detour,
      ReplaySection.Running replay)
      throws Exception {
    timed(results, ConnectScenarios.COLD, peers::cold);
    int afterCold = lab.position();
    timed(results, ConnectScenarios.LAST_ONE, peers::lastOne);
    int afterLastOne = lab.position();
    timed(results, ConnectScenarios.STALL, peers::stall);
    timed(results, ConnectScenarios.ALL_DOWN, peers::allDown);
    int afterAllDown = lab.position();
    timed(results, ReplaySection.SCENARIO, () -> ReplaySection.finish(results, mode, replay));
    results.scenarioNote(
        ReplaySection.SCENARIO,
        "Quick mode: the replay ran alongside the peers' fault rounds (timeouts, not CPU);"
            + " its step time is the wait left after them.");
    detour.statelessPeerRows(ConnectScenarios.LEARNING);
    lab.orderFrom(afterCold);
    timed(results, ConnectScenarios.WARM, detour::warm);
    lab.orderFrom(afterLastOne);
    timed(results, ConnectScenarios.LAST_ONE, detour::lastOneWarm);
    lab.orderFrom(afterAllDown);
    timed(results, ConnectScenarios.ALL_DOWN, detour::fastFail);
  }

  private static String command(SuiteOptions options) {
    String args =
        options.mode() == SuiteMode.FULL
            ? ""
            : " -Dbench.args=\"--" + options.mode().name().toLowerCase(Locale.ROOT) + "\"";
    return COMMAND + args;
  }

  private static String relative(Path repo, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path root = repo.toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void timed(SuiteResults results, String name, Step step) throws Exception {
    progress("step: %s ...", name);
    long t0 = System.nanoTime();
    step.run();
    results.step(name, (System.nanoTime() - t0) / 1e9);
  }

  static void progress(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench-suite] " + format + "%n", args);
    System.out.flush();
  }
}
