package dev.detour.examples.replay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hosts file through which the baseline stack resolves the fleet's name with the JVM's own
 * resolver, as a default application does ({@code -Djdk.net.hosts.file}).
 *
 * <p>Why a hosts file: the JVM reads {@code jdk.net.hosts.file} once, when {@code InetAddress}
 * starts, so it must be on the command line; but the JDK opens the file on every lookup, so its
 * content can be written later. The fleet's addresses are fixed ({@code 127.0.0.11} onwards), so
 * the replay writes them once the fleet has started and before the baseline's first lookup. A JVM
 * started without the property is relaunched with it (see {@link ReplayMain}).
 */
final class HostsFile {

  /** The system property the JDK reads. */
  static final String PROPERTY = "jdk.net.hosts.file";

  private final Path path;

  private HostsFile(Path path) {
    this.path = path;
  }

  /** Returns the hosts file this JVM resolves through, if it was started with one. */
  static Optional<HostsFile> ofThisJvm() {
    String value = System.getProperty(PROPERTY);
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(new HostsFile(Path.of(value)));
  }

  Path path() {
    return path;
  }

  /** Makes {@code host} resolve to {@code addresses}, in order (atomically replaces the file). */
  void write(String host, List<String> addresses) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# written by the Detour incident replay: the baseline stack resolves " + host);
    for (String a : addresses) {
      lines.add(a + " " + host);
    }
    replace(lines);
  }

  /** Removes every name: lookups through the JVM fail, as when DNS stops answering. */
  void clear() throws IOException {
    replace(List.of("# DNS outage: no names"));
  }

  private void replace(List<String> lines) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "hosts", ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Checks that the JVM resolves {@code host} to exactly {@code expected}, in order.
   *
   * @throws IllegalStateException naming the file and what the JVM saw
   */
  void verify(String host, List<String> expected) {
    List<String> seen = new ArrayList<>();
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        seen.add(a.getHostAddress());
      }
    } catch (UnknownHostException e) {
      seen.add("unknown host: " + e.getMessage());
    }
    if (!seen.equals(expected)) {
      throw new IllegalStateException(
          PROPERTY
              + "="
              + path
              + ": the JVM resolves "
              + host
              + " to "
              + seen
              + " (expected "
              + expected
              + "); was the JVM started with this property?");
    }
  }
}
