package dev.detour.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * The main of a child JVM that connects for the suite, so that a peer can run with JVM-wide
 * settings of its own: a hosts file ({@code -Djdk.net.hosts.file}, read only at JVM start) or a
 * cold JVM.
 *
 * <p>A URL of {@link LibpqStrategy#url} runs libpq's strategy instead of one {@code
 * DriverManager.getConnection}.
 *
 * <p>Arguments: {@code serve|once url}. The login and the driver options come from the environment
 * ({@code BENCH_PGUSER}, {@code BENCH_PGPASSWORD}, {@code BENCH_OPTIONS} as {@code k=v&k=v}), never
 * from the command line. Output lines start with {@value #PREFIX}: {@code ready}, then one {@code
 * ok <nanos>} or {@code fail <nanos> <reason>} per connect. In {@code serve} mode every {@code
 * connect} line on stdin is one connect, and the process exits at the end of stdin; {@code once}
 * connects once and exits: the first connect of a fresh JVM, driver loading included.
 */
public final class PeerChild {

  /** The prefix of every protocol line, so that a driver's own output on stdout is ignored. */
  public static final String PREFIX = "@bench ";

  private PeerChild() {}

  /** Runs the child. */
  public static void main(String[] args) throws IOException {
    String mode = args[0];
    String url = args[1];
    Properties props = new Properties();
    props.setProperty("user", System.getenv("BENCH_PGUSER"));
    props.setProperty("password", System.getenv("BENCH_PGPASSWORD"));
    String options = System.getenv().getOrDefault("BENCH_OPTIONS", "");
    for (String pair : options.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        props.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    if (mode.equals("once")) {
      System.out.println(PREFIX + connect(url, props));
      System.out.flush();
      // a driver's own non-daemon threads (monitors) must not keep a one-shot child alive
      System.exit(0);
    }
    System.out.println(PREFIX + "ready");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("connect")) {
        System.out.println(PREFIX + connect(url, props));
        System.out.flush();
      }
    }
    System.exit(0);
  }

  private static String connect(String url, Properties props) {
    if (url.startsWith(LibpqStrategy.SCHEME)) {
      Attempt a = LibpqStrategy.connect(url, props);
      return a.outcome() == Attempt.Outcome.OK
          ? "ok " + a.nanos()
          : "fail " + a.nanos() + " " + a.detail();
    }
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url, props)) {
      boolean valid = c.isValid(5);
      long took = System.nanoTime() - start;
      return valid ? "ok " + took : "fail " + took + " isValid(5) returned false";
    } catch (Exception e) {
      return "fail " + (System.nanoTime() - start) + " " + JdbcPeer.oneLine(e);
    }
  }

  /** Parses one protocol line's payload ({@code ok <nanos>} or {@code fail <nanos> <reason>}). */
  static Attempt parse(String payload) {
    String[] parts = payload.split(" ", 3);
    long nanos = Long.parseLong(parts[1]);
    return parts[0].equals("ok")
        ? Attempt.ok(nanos)
        : Attempt.failed(nanos, parts.length > 2 ? parts[2] : "");
  }
}
