package dev.detour.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running {@link PeerChild} JVM: its stdin, and the protocol lines it printed, read by a daemon
 * thread. The login goes through the environment, never the command line.
 */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private boolean ready;

  private ChildJvm(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "bench-child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a child.
   *
   * @param mode {@code serve} or {@code once}
   * @param url the JDBC URL
   * @param options driver options, as {@code k=v&k=v}
   * @param hostsFile the JVM's hosts file, or null for the system resolver
   * @param target the login
   */
  static ChildJvm start(String mode, String url, String options, Path hostsFile, LabTarget target)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(PeerChild.class.getName(), mode, url));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("BENCH_PGUSER", target.user());
    env.put("BENCH_PGPASSWORD", target.password());
    env.put("BENCH_OPTIONS", options);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return new ChildJvm(pb.start());
  }

  /** Writes a hosts file that maps {@code hostName} to {@code addresses}, in that order. */
  static Path hostsFile(String hostName, List<String> addresses) throws IOException {
    Path file = Files.createTempFile("detour-bench-hosts", ".txt");
    StringBuilder sb = new StringBuilder();
    for (String a : addresses) {
      sb.append(a).append(' ').append(hostName).append('\n');
    }
    Files.writeString(file, sb.toString());
    file.toFile().deleteOnExit();
    return file;
  }

  private void readLines() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(PeerChild.PREFIX)) {
          lines.add(line.substring(PeerChild.PREFIX.length()));
        }
      }
    } catch (IOException e) {
      // the child was destroyed; the waiter sees no line and reports its own outcome
    }
  }

  /** Sends one command line. */
  void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  /** The next protocol line, or null if none came within {@code wait}. */
  String next(Duration wait) throws InterruptedException {
    return lines.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether the child has said it is ready ({@link #awaitReady}). */
  boolean ready() {
    return ready;
  }

  /** Waits up to {@code wait} for the child's {@code ready} line; true once it came. */
  boolean awaitReady(Duration wait) throws InterruptedException {
    if (!ready) {
      ready = "ready".equals(next(wait));
    }
    return ready;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
