package dev.detour.bench.router;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/** What the router scenarios share: one timed full connect, and reading optional arguments. */
final class ScenarioConnects {

  private ScenarioConnects() {}

  /** One full connect (open, {@code isValid}, close), recorded in {@code row}; returns its time. */
  static long timed(LatencyTable.Row row, String url, Properties login) {
    long start = System.nanoTime();
    boolean ok = connect(url, login);
    long took = System.nanoTime() - start;
    row.record(took, ok);
    return took;
  }

  /** One full connect: whether it opened and answered {@code isValid}. */
  static boolean connect(String url, Properties login) {
    try (Connection c = DriverManager.getConnection(url, login)) {
      return c.isValid(5);
    } catch (Exception e) {
      return false;
    }
  }

  /** The {@code i}-th argument as an int, or {@code def} when absent. */
  static int arg(String[] args, int i, int def) {
    return args.length > i ? Integer.parseInt(args[i]) : def;
  }
}
