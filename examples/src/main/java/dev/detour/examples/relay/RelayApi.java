package dev.detour.examples.relay;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The relay-api sample service's entry point.
 *
 * <pre>
 * relay-api                          # embedded PostgreSQL behind a 12-address lab fleet
 * relay-api --config detour.properties   # a real database, e.g. a Neon endpoint
 * </pre>
 *
 * Runs until interrupted (Ctrl-C); exit code 2 for a bad flag or setting, 1 if it cannot start.
 */
@Command(
    name = "relay-api",
    mixinStandardHelpOptions = true,
    description = {
      "The relay-api sample service: GET /albums, /auth/me, /moderation, /health, /metrics;",
      "POST /admin/reset and /jobs. Without --config it starts an embedded PostgreSQL behind a",
      "lab fleet of 12 addresses for ep-test-123456.neon.test."
    })
public final class RelayApi implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "a detour.properties file (detour.pool.url, login, detour.* knobs, relay.*)")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "the HTTP port, 0 for any free one (overrides relay.port; default 8080)")
  Integer port;

  private RelayApi() {}

  /**
   * Starts the service.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new RelayApi()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Properties properties = new Properties();
    EmbeddedDatabase embedded = null;
    if (config != null) {
      properties.putAll(load(config));
    } else {
      System.out.println("Starting an embedded PostgreSQL and a 12-address lab fleet ...");
      embedded = EmbeddedDatabase.start();
      properties.putAll(embedded.properties());
    }
    if (port != null) {
      properties.setProperty("relay.port", port.toString());
    }
    RelayService service;
    try {
      service = RelayService.start(properties);
    } catch (IllegalArgumentException e) {
      System.err.println("relay-api: " + e.getMessage());
      if (embedded != null) {
        embedded.close();
      }
      return 2;
    }
    String base = "http://127.0.0.1:" + service.address().getPort();
    System.out.println("relay-api listening on " + base);
    System.out.println("  curl " + base + "/albums?user=7");
    System.out.println("  curl " + base + "/health");
    System.out.println("  curl " + base + "/metrics");
    System.out.println("  curl -X POST " + base + "/admin/reset");
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedDatabase db = embedded;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  if (db != null) {
                    db.close();
                  }
                  stopped.countDown();
                },
                "relay-api-shutdown"));
    stopped.await();
    return 0;
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }
}
