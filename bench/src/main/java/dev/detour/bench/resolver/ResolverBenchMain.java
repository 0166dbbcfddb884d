package dev.detour.bench.resolver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ResolverBench} in one go and prints a summary table: Detour's cached resolve against
 * the JVM's cached {@code InetAddress.getAllByName}, with one thread and with both cores busy.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>Write a temporary hosts file mapping {@link ResolverBench#HOST} to its 12 addresses, and
 *       pass it to every forked JVM as {@code -Djdk.net.hosts.file}: the JVM reads that property
 *       when {@code InetAddress} initializes, which JMH triggers early, so it must be on the forked
 *       JVM's command line.
 *   <li>Run four passes, each with the GC profiler (allocation per operation): latency with one
 *       thread (sample mode for p50/p99 and average time, in ns, plus the {@code baseline} floor
 *       and one {@code tickerRead}), throughput with one thread and with two threads (ops/µs), and
 *       sample mode with two threads.
 *   <li>Print the summary and the ratio JVM/Detour.
 * </ol>
 *
 * <p>Arguments are JMH's own command line options (see {@code -h}). Forks, iterations and times
 * default to the annotations on {@link ResolverBench} (1 fork, 3 × 1 s warmup, 5 × 1 s measurement)
 * and can be overridden, e.g. {@code -f 2 -wi 5 -i 10}. Given {@code -bm}, {@code -t} or a
 * benchmark regex, a single pass runs with those settings instead of the four passes.
 */
public final class ResolverBenchMain {

  /** One Runner pass: which benchmarks, in which modes, on how many threads. */
  private record Pass(String include, List<Mode> modes, int threads, TimeUnit unit) {}

  private static final String BENCH = ResolverBench.class.getName();
  private static final String ALL = BENCH + "\\.";
  private static final String COMPARED = BENCH + "\\.(detourResolve|jvmGetAllByName)$";

  private static final List<Pass> PASSES =
      List.of(
          new Pass(ALL, List.of(Mode.SampleTime, Mode.AverageTime), 1, TimeUnit.NANOSECONDS),
          new Pass(COMPARED, List.of(Mode.Throughput), 1, TimeUnit.MICROSECONDS),
          new Pass(COMPARED, List.of(Mode.Throughput), 2, TimeUnit.MICROSECONDS),
          new Pass(COMPARED, List.of(Mode.SampleTime), 2, TimeUnit.NANOSECONDS));

  private ResolverBenchMain() {}

  /** Runs the benchmark; arguments are JMH command line options. */
  public static void main(String[] args)
      throws CommandLineOptionException, IOException, RunnerException {
    CommandLineOptions cmd = new CommandLineOptions(args);
    if (cmd.shouldHelp()) {
      cmd.showHelp();
      return;
    }
    double loadBefore = loadAverage();
    Path hosts = writeHostsFile();
    try {
      boolean custom =
          !cmd.getIncludes().isEmpty()
              || !cmd.getBenchModes().isEmpty()
              || cmd.getThreads().hasValue();
      List<Pass> passes = custom ? List.of(new Pass(null, List.of(), 0, null)) : PASSES;
      List<RunResult> results = new ArrayList<>();
      for (Pass pass : passes) {
        results.addAll(run(cmd, pass, hosts));
      }
      System.out.println();
      String machine =
          String.format(
              Locale.ROOT,
              "machine: %d cpus, java %s (%s), load average (1 min) before %.2f, after %.2f",
              Runtime.getRuntime().availableProcessors(),
              System.getProperty("java.vm.version"),
              System.getProperty("java.vm.name"),
              loadBefore,
              loadAverage());
      System.out.print(ResolverBenchSummary.format(results, machine));
    } finally {
      Files.deleteIfExists(hosts);
    }
  }

  private static Collection<RunResult> run(CommandLineOptions cmd, Pass pass, Path hosts)
      throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
    if (pass.include() != null) {
      options.include(pass.include());
      pass.modes().forEach(options::mode);
      options.threads(pass.threads());
      if (!cmd.getTimeUnit().hasValue()) {
        options.timeUnit(pass.unit());
      }
    } else if (cmd.getIncludes().isEmpty()) {
      options.include(ALL);
    }
    if (cmd.getProfilers().stream().noneMatch(p -> p.getKlass().equals("gc"))) {
      options.addProfiler(GCProfiler.class);
    }
    List<String> append = new ArrayList<>(cmd.getJvmArgsAppend().orElse(List.of()));
    append.add("-Djdk.net.hosts.file=" + hosts);
    options.jvmArgsAppend(append.toArray(new String[0]));
    if (!cmd.shouldFailOnError().hasValue()) {
      options.shouldFailOnError(true);
    }
    return new Runner(options.build()).run();
  }

  /** The system's 1-minute load average, or a negative number where it is not available. */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Writes the hosts file the forked JVMs resolve {@link ResolverBench#HOST} from. */
  private static Path writeHostsFile() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# Written by " + ResolverBenchMain.class.getName() + "; deleted after the run.");
    lines.add("127.0.0.1 localhost");
    lines.add("::1 localhost");
    for (String address : ResolverBench.ADDRESSES) {
      lines.add(address + " " + ResolverBench.HOST);
    }
    Path file = Files.createTempFile("detour-bench-hosts-", ".txt");
    Files.write(file, lines, StandardCharsets.US_ASCII);
    return file;
  }
}
