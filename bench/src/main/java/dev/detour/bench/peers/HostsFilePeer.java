package dev.detour.bench.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A client that resolves the lab's host name through the JVM, as a service without Detour does:
 * long-lived child JVMs, each with the fleet's addresses in a hosts file of its own shuffled order
 * (DNS round robin gives different processes different first addresses). Attempts go to the
 * children in turn. A child whose connect is still running at the deadline is killed, counted as
 * hung, and started again for its next turn with the same hosts file.
 */
public final class HostsFilePeer implements ConnectPeer {

  private static final Duration START_WAIT = Duration.ofSeconds(60);

  private final String name;
  private final String urlPrefix;
  private final String options;
  private final List<Path> hostsFiles = new ArrayList<>();
  private final ChildJvm[] children;
  private int next;

  /**
   * Creates the peer; children start on first use.
   *
   * @param name the row name
   * @param urlPrefix the JDBC URL up to the host name, e.g. {@code jdbc:postgresql://}
   * @param options driver options as {@code k=v&k=v}
   * @param target the lab (host name and addresses)
   * @param children how many child JVMs, at least 1
   * @param seed the seed of the shuffles
   */
  public HostsFilePeer(
      String name, String urlPrefix, String options, LabTarget target, int children, long seed)
      throws IOException {
    if (children < 1) {
      throw new IllegalArgumentException("children: " + children + " (expected: >= 1)");
    }
    this.name = name;
    this.urlPrefix = urlPrefix;
    this.options = options;
    this.children = new ChildJvm[children];
    Random random = new Random(seed);
    for (int c = 0; c < children; c++) {
      List<String> order = new ArrayList<>(target.dnsOrder());
      Collections.shuffle(order, random);
      hostsFiles.add(ChildJvm.hostsFile(target.hostName(), order));
    }
  }

  /**
   * Writes a temporary hosts file (deleted at exit) that maps {@code hostName} to {@code
   * addresses}, in that order, for {@code -Djdk.net.hosts.file}.
   */
  public static Path hostsFile(String hostName, List<String> addresses) throws IOException {
    return ChildJvm.hostsFile(hostName, addresses);
  }

  @Override
  public String name() {
    return name;
  }

  /** How many children there are; attempt {@code i} goes to child {@code i % children()}. */
  public int children() {
    return children.length;
  }

  @Override
  public Attempt attempt(LabTarget target, Duration deadline) {
    int slot = next;
    next = (next + 1) % children.length;
    long start = System.nanoTime();
    try {
      ChildJvm child = ready(slot, target);
      if (child == null) {
        return Attempt.failed(System.nanoTime() - start, "child JVM did not start");
      }
      child.send("connect");
      String line = child.next(deadline);
      if (line == null) {
        child.close();
        // its replacement starts now, so that its start-up overlaps whatever runs until its turn
        children[slot] = launch(slot, target);
        return Attempt.hung(deadline.toNanos());
      }
      return PeerChild.parse(line);
    } catch (IOException e) {
      return Attempt.failed(System.nanoTime() - start, JdbcPeer.oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.failed(System.nanoTime() - start, "interrupted");
    }
  }

  /**
   * The child of {@code slot}, started and ready. On first use every child is started at once, so
   * that their start-ups overlap.
   */
  private ChildJvm ready(int slot, LabTarget target) throws IOException, InterruptedException {
    for (int i = 0; i < children.length; i++) {
      if (children[i] == null || !children[i].isAlive()) {
        children[i] = launch(i, target);
      }
    }
    ChildJvm child = children[slot];
    if (!child.ready() && !child.awaitReady(START_WAIT)) {
      child.close();
      children[slot] = null;
      return null;
    }
    return child;
  }

  private ChildJvm launch(int slot, LabTarget target) throws IOException {
    String url = urlPrefix + target.hostName() + ":" + target.port() + "/" + target.database();
    return ChildJvm.start("serve", url, options, hostsFiles.get(slot), target);
  }

  @Override
  public void close() {
    for (int i = 0; i < children.length; i++) {
      if (children[i] != null) {
        children[i].close();
        children[i] = null;
      }
    }
  }
}
