package dev.detour.examples.replay;

import dev.detour.core.NamedThreadFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The replay's entry point: {@code java -Djdk.net.hosts.file=FILE -cp ...
 * dev.detour.examples.replay.ReplayMain [options]}.
 *
 * <p>The baseline must resolve the fleet's name through the JVM, which only reads {@code
 * jdk.net.hosts.file} at startup. A JVM started without it relaunches itself once with it (same
 * Java, class path and JVM options; a file in a new temporary directory) and exits with the child's
 * code. The file's content is written by the replay later, before the first lookup.
 *
 * <p>A watchdog ends the process if the replay runs past its planned time plus {@link
 * #OVERRUN_SECONDS}: nothing, not even a thread stuck in the network, keeps it running.
 */
public final class ReplayMain {

  /** How long past its planned length a replay may run before the watchdog ends it. */
  static final long OVERRUN_SECONDS = 120;

  private ReplayMain() {}

  /**
   * Runs the replay and exits with its code.
   *
   * @param args the command line, see {@code --help}
   * @throws Exception if the relaunch fails
   */
  public static void main(String[] args) throws Exception {
    if (HostsFile.ofThisJvm().isEmpty()) {
      System.exit(relaunch(args));
    }
    long planned = plannedSeconds(args);
    if (planned > 0) {
      Thread watchdog =
          new NamedThreadFactory("replay-watchdog")
              .newThread(
                  () -> {
                    try {
                      TimeUnit.SECONDS.sleep(planned + OVERRUN_SECONDS);
                    } catch (InterruptedException e) {
                      return;
                    }
                    System.err.printf(
                        "replay: still running %d s past its planned %d s; stopping%n",
                        OVERRUN_SECONDS, planned);
                    Runtime.getRuntime().halt(ReplayCommand.EXIT_ERROR);
                  });
      watchdog.start();
    }
    int code = ReplayCommand.execute(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** The planned length of the run {@code args} describe, or -1 if they do not parse. */
  private static long plannedSeconds(String[] args) {
    try {
      ReplayCommand c = new ReplayCommand(System.out);
      picocli.CommandLine cl = new picocli.CommandLine(c);
      cl.parseArgs(args);
      return c.options().planned().toSeconds();
    } catch (RuntimeException e) {
      return -1; // the real run reports the usage error
    }
  }

  private static int relaunch(String[] args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("detour-replay");
    Path hosts = dir.resolve("hosts");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-D" + HostsFile.PROPERTY + "=" + hosts);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ReplayMain.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).inheritIO().start();
    return p.waitFor();
  }
}
