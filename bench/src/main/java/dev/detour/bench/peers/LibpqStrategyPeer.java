package dev.detour.bench.peers;

import dev.detour.core.NamedThreadFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * libpq's strategy ({@link LibpqStrategy}) as a suite client in this JVM: every address of the name
 * in DNS order, each a whole connect bounded by {@code connect_timeout}, to the first {@code SELECT
 * 1}. Each attempt runs on a daemon thread of its own pool, so that the caller stops waiting at the
 * deadline.
 */
public final class LibpqStrategyPeer implements ConnectPeer {

  private final int connectTimeoutSeconds;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(new NamedThreadFactory("bench-peer-libpq-strategy"));

  /**
   * Creates the peer.
   *
   * @param connectTimeoutSeconds libpq's {@code connect_timeout}, per address, at least 1
   */
  public LibpqStrategyPeer(int connectTimeoutSeconds) {
    if (connectTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "connectTimeoutSeconds: " + connectTimeoutSeconds + " (expected: >= 1)");
    }
    this.connectTimeoutSeconds = connectTimeoutSeconds;
  }

  @Override
  public String name() {
    return LibpqStrategy.name(connectTimeoutSeconds);
  }

  @Override
  public Attempt attempt(LabTarget target, Duration deadline) {
    long start = System.nanoTime();
    Future<Attempt> running =
        threads.submit(
            () ->
                LibpqStrategy.connect(
                    target.hostName(),
                    target.dnsServer(),
                    target.port(),
                    target.database(),
                    target.login(),
                    connectTimeoutSeconds));
    return Attempt.await(running, deadline, start);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
