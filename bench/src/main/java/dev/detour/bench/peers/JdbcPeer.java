package dev.detour.bench.peers;

import dev.detour.core.NamedThreadFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A client in this JVM, through {@link DriverManager}: plain pgjdbc with its own options, pgjdbc
 * with libpq's strategy as a socket factory, or Detour's {@code jdbc:detour:} driver.
 *
 * <p>Each connect runs on a daemon thread of its own pool, so that the caller can stop waiting at
 * the deadline: pgjdbc's {@code loginTimeout} abandons a thread that stays blocked in a socket
 * read, and an interrupt does not free it (FACTS.md). Such a thread ends when the lab's proxies
 * close.
 */
public final class JdbcPeer implements ConnectPeer {

  private final String name;
  private final Function<LabTarget, String> url;
  private final Properties options;
  private final Runnable beforeEach;
  private final ExecutorService threads;

  /**
   * Creates the peer.
   *
   * @param name the row name
   * @param url the JDBC URL for a target (it may list the target's addresses in DNS order)
   * @param options driver options added to the login
   * @param beforeEach runs before each timed connect, outside the timing (e.g. drop the routers)
   */
  public JdbcPeer(
      String name, Function<LabTarget, String> url, Properties options, Runnable beforeEach) {
    this.name = name;
    this.url = url;
    this.options = (Properties) options.clone();
    this.beforeEach = beforeEach;
    this.threads =
        Executors.newCachedThreadPool(
            new NamedThreadFactory("bench-peer-" + name.replaceAll("[^A-Za-z0-9]+", "-")));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Attempt attempt(LabTarget target, Duration deadline) {
    beforeEach.run();
    String jdbcUrl = url.apply(target);
    Properties props = target.login();
    props.putAll(options);
    long start = System.nanoTime();
    // timed on the worker itself, so the hand-over to it is not counted
    Future<Attempt> running = threads.submit(() -> connect(jdbcUrl, props));
    return Attempt.await(running, deadline, start);
  }

  /**
   * One full connect on the calling thread, unbounded except by the driver's own timeouts: open,
   * check it is ready for a query ({@code isValid(5)}), close. The time excludes the close.
   *
   * @param jdbcUrl the URL
   * @param props the login and driver options
   * @return the timed outcome
   */
  public static Attempt connect(String jdbcUrl, Properties props) {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
      boolean valid = c.isValid(5);
      long took = System.nanoTime() - start;
      return valid ? Attempt.ok(took) : Attempt.failed(took, "isValid(5) returned false");
    } catch (Exception e) {
      return Attempt.failed(System.nanoTime() - start, oneLine(e));
    }
  }

  static String oneLine(Throwable e) {
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    return text.replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
