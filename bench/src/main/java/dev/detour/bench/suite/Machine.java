package dev.detour.bench.suite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine and the code a run measured: cores, JDK, OS, load averages, the commit and whether
 * the work tree had changes.
 *
 * @param cores available processors
 * @param jdk the JVM's vendor, name and version
 * @param os the OS name, version and architecture
 * @param commit the short commit hash, or {@code unknown}
 * @param dirty whether the work tree had uncommitted changes to tracked files
 * @param started when the run started
 * @param loadBefore the load averages when it started
 */
public record Machine(
    int cores,
    String jdk,
    String os,
    String commit,
    boolean dirty,
    Instant started,
    Load loadBefore) {

  /**
   * The 1, 5 and 15 minute load averages from {@code /proc/loadavg} (all -1 where unavailable).
   *
   * @param one the 1-minute average
   * @param five the 5-minute average
   * @param fifteen the 15-minute average
   */
  public record Load(double one, double five, double fifteen) {

    static Load now() {
      try {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return new Load(
            Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
      } catch (IOException | RuntimeException e) {
        double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new Load(one, -1, -1);
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", one, five, fifteen);
    }
  }

  /** Describes this machine now; {@code repo} is the repository root (for the commit). */
  static Machine describe(Path repo) {
    String jdk =
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version");
    String os =
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    String commit = git(repo, "rev-parse", "--short", "HEAD");
    boolean dirty = !git(repo, "status", "--porcelain", "--untracked-files=no").isEmpty();
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        jdk,
        os,
        commit.isEmpty() ? "unknown" : commit,
        dirty,
        Instant.now(),
        Load.now());
  }

  private static String git(Path repo, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = repo.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
