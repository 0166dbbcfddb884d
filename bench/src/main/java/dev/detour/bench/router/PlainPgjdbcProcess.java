package dev.detour.bench.router;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * A child process for the hosts-file baseline: plain pgjdbc in a JVM whose resolver reads {@code
 * -Djdk.net.hosts.file}, as a service without Detour would run. Prints one line per connect: {@code
 * ok <nanos>} or {@code fail <nanos> <reason>}. The password comes from the {@code
 * BENCH_PGPASSWORD} environment variable, never the command line. Last, it prints {@code classes
 * <loaded> threads <live>}. Also used with a {@code jdbc:detour:} URL for the cold-JVM row.
 */
public final class PlainPgjdbcProcess {

  private PlainPgjdbcProcess() {}

  /** Arguments: url user count connectTimeoutSeconds. */
  public static void main(String[] args) {
    String url = args[0];
    Properties props = new Properties();
    props.setProperty("user", args[1]);
    props.setProperty("password", System.getenv("BENCH_PGPASSWORD"));
    props.setProperty("connectTimeout", args[3]);
    props.setProperty("loginTimeout", "30");
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url, props)) {
        c.isValid(5);
        System.out.println("ok " + (System.nanoTime() - start));
      } catch (Exception e) {
        String msg = String.valueOf(e.getMessage()).replace('\n', ' ');
        System.out.println("fail " + (System.nanoTime() - start) + " " + msg);
      }
    }
    // for the cold-JVM row: what the first connects made the JVM load and start
    System.out.println(
        "classes "
            + java.lang.management.ManagementFactory.getClassLoadingMXBean()
                .getTotalLoadedClassCount()
            + " threads "
            + Thread.getAllStackTraces().size());
  }
}
