package dev.detour.bench.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * A client's first connect in a fresh JVM (the cold-JVM scenario): every attempt starts a new child
 * JVM that connects once and exits. The time is measured inside the child, from just before the
 * first {@code DriverManager.getConnection} (driver loading included) to the connection being
 * ready; JVM start-up itself is not counted. The deadline covers the whole child.
 */
public final class FreshJvmPeer implements ConnectPeer {

  private final String name;
  private final Function<LabTarget, String> url;
  private final String options;
  private final Path hostsFile;

  /**
   * Creates the peer.
   *
   * @param name the row name
   * @param url the JDBC URL for a target
   * @param options driver options as {@code k=v&k=v}
   * @param hostsFile the child's hosts file, or null for none
   */
  public FreshJvmPeer(
      String name, Function<LabTarget, String> url, String options, Path hostsFile) {
    this.name = name;
    this.url = url;
    this.options = options;
    this.hostsFile = hostsFile;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Attempt attempt(LabTarget target, Duration deadline) {
    long start = System.nanoTime();
    try (ChildJvm child = ChildJvm.start("once", url.apply(target), options, hostsFile, target)) {
      String line = child.next(deadline);
      return line == null ? Attempt.hung(deadline.toNanos()) : PeerChild.parse(line);
    } catch (IOException e) {
      return Attempt.failed(System.nanoTime() - start, JdbcPeer.oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.failed(System.nanoTime() - start, "interrupted");
    }
  }

  @Override
  public void close() {}
}
