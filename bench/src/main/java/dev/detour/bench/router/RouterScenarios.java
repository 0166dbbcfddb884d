package dev.detour.bench.router;

import static dev.detour.bench.router.ScenarioConnects.arg;
import static dev.detour.bench.router.ScenarioConnects.connect;
import static dev.detour.bench.router.ScenarioConnects.timed;

import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.RoutedSocket;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * The router's scenario benchmark: full PostgreSQL connects (TCP, startup, SCRAM auth, ready for a
 * query), side by side in one run, on the loopback lab of 12 addresses.
 *
 * <ol>
 *   <li><b>Healthy fleet.</b> Plain pgjdbc to one address against {@code jdbc:detour:} to the host
 *       name (warm router), interleaved sample by sample in a freshly shuffled order, so that drift
 *       and the previous connect's leftover work hit every client alike. The p50 ratio comes with a
 *       95% bootstrap interval.
 *   <li><b>8 of 12 black-holed</b> (SYNs dropped), 8 contiguous addresses, and the DNS answer is
 *       rotated by one before every cold and every libpq-strategy sample, so that the samples cover
 *       every position of the dead run: from a live address first to all 8 dead ones first (the
 *       incident's worst case):
 *       <ul>
 *         <li>Detour, cold: every sample starts from a fresh router and resolver ({@link
 *             RouterRegistry#closeAll()} before each connect);
 *         <li>Detour, warm: one router that has learned the fleet;
 *         <li>libpq's strategy: every address in DNS order, each with a 2 s timeout;
 *         <li>plain pgjdbc with the 12 addresses in a hosts file, in child JVMs (pgjdbc takes the
 *             first address); each child gets its own shuffled order, as DNS round robin gives
 *             different processes different first addresses.
 *       </ul>
 *   <li><b>12 of 12 black-holed</b>, once the router has learned it: how fast a connect fails,
 *       through {@code jdbc:detour:} (SQLState 08001) and at {@link Router#connect}.
 *   <li><b>learning</b>, <b>stalled handshakes</b>, <b>burst</b> and <b>cold JVM</b>: a router that
 *       has not learned the fleet yet ({@link LearningScenarios}, also runnable alone).
 * </ol>
 *
 * <p>The healthy scenario also times the TCP phase alone ({@link Router#connect} against a plain
 * {@code Socket.connect}), which isolates what routing adds before pgjdbc starts its own work.
 *
 * <p>Arguments (all optional): {@code healthySamples coldSamples warmSamples sequentialSamples
 * childProcesses connectsPerChild seed fastFailSamples}. Every loop is bounded in count; every
 * connect is bounded by its client's timeout.
 */
public final class RouterScenarios {

  private RouterScenarios() {}

  /** Runs every scenario and prints the table. */
  public static void main(String[] args) throws Exception {
    int healthy = arg(args, 0, 1000);
    int cold = arg(args, 1, 48);
    int warm = arg(args, 2, 200);
    int sequential = arg(args, 3, 12);
    int children = arg(args, 4, 6);
    int perChild = arg(args, 5, 4);
    long seed = arg(args, 6, 20251208);
    int fastFails = arg(args, 7, 200);

    LatencyTable table = new LatencyTable();
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      String db = fleet.postgres().database();
      Properties login = fleet.postgres().connectionProperties();
      String plainUrl =
          "jdbc:postgresql://" + fleet.addresses().get(0) + ":" + fleet.port() + "/" + db;
      String detourUrl = fleet.detourUrl(db);
      System.out.printf(
          Locale.ROOT, "lab: %s, PostgreSQL on %s%n", fleet, fleet.postgres().address());

      // 1. healthy fleet, interleaved
      LatencyTable.Row plain = table.row("healthy 12/12", "pgjdbc 42.7.14, one address");
      LatencyTable.Row plainRotating =
          table.row("healthy 12/12", "pgjdbc, rotating over the 12 addresses");
      LatencyTable.Row literal =
          table.row("healthy 12/12", "Detour jdbc:detour:, IP literal (1 candidate)");
      LatencyTable.Row routed = table.row("healthy 12/12", "Detour jdbc:detour:, warm router");
      String literalUrl =
          "jdbc:detour:postgresql://" + fleet.addresses().get(0) + ":" + fleet.port() + "/" + db;
      // warm-up: 300 rounds, so that both clients' code is compiled (C2) before timing, as in a
      // service that has been running for a while
      for (int i = 0; i < 300; i++) {
        connect(plainUrl, login);
        connect(literalUrl, login);
        connect(detourUrl, login);
      }
      // the order of the four clients is shuffled for every sample: each connect leaves work
      // behind (the previous backend's exit, the proxies' teardown), and a fixed order would hand
      // that cost to whichever client always comes next
      Random order = new Random(seed);
      List<Integer> clients = new ArrayList<>(List.of(0, 1, 2, 3));
      long[] plainNanos = new long[healthy];
      long[] routedNanos = new long[healthy];
      for (int i = 0; i < healthy; i++) {
        Collections.shuffle(clients, order);
        for (int client : clients) {
          switch (client) {
            case 0 -> plainNanos[i] = timed(plain, plainUrl, login);
            case 1 -> {
              String rotating =
                  "jdbc:postgresql://"
                      + fleet.addresses().get(i % fleet.size())
                      + ":"
                      + fleet.port()
                      + "/"
                      + db;
              timed(plainRotating, rotating, login);
            }
            case 2 -> timed(literal, literalUrl, login);
            default -> routedNanos[i] = timed(routed, detourUrl, login);
          }
        }
      }
      literal.note =
          String.format(
              Locale.ROOT,
              "vs plain pgjdbc: p50 x%.3f, mean x%.3f",
              literal.ms(50) / plain.ms(50),
              literal.meanMs() / plain.meanMs());
      // the TCP phase alone: what routing adds before pgjdbc's own work, interleaved
      Router warmRouter =
          RouterRegistry.shared(
              RouterConfig.fromProperties(Map.of("detour.resolver.servers", fleet.dnsServer())));
      InetSocketAddress first = new InetSocketAddress(fleet.addresses().get(0), fleet.port());
      LatencyTable.Row tcpPlain =
          table.row("healthy 12/12", "TCP only: Socket.connect, one address");
      LatencyTable.Row tcpRouted =
          table.row("healthy 12/12", "TCP only: Router.connect (resolve+race)");
      for (int i = 0; i < 5 * healthy; i++) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
          s.connect(first, 5_000);
          tcpPlain.record(System.nanoTime() - t0, true);
        } catch (IOException e) {
          tcpPlain.record(System.nanoTime() - t0, false);
        }
        long t1 = System.nanoTime();
        try {
          RoutedSocket rs = warmRouter.connect(fleet.hostName(), fleet.port());
          long took = System.nanoTime() - t1;
          rs.markReady();
          rs.socket().close();
          tcpRouted.record(took, true);
        } catch (IOException e) {
          tcpRouted.record(System.nanoTime() - t1, false);
        }
      }
      tcpRouted.note =
          String.format(
              Locale.ROOT,
              "routing adds %.1f us at p50 over a plain TCP connect",
              (tcpRouted.micros.getValueAtPercentile(50) - tcpPlain.micros.getValueAtPercentile(50))
                  * 1.0);
      double ratio50 = routed.ms(50) / plain.ms(50);
      double ratioMean = routed.meanMs() / plain.meanMs();
      double[] interval = MedianRatio.interval(routedNanos, plainNanos, 2_000, seed);
      routed.note =
          String.format(
              Locale.ROOT,
              "vs plain pgjdbc: p50 x%.3f (95%% bootstrap interval x%.3f-x%.3f), mean x%.3f",
              ratio50,
              interval[0],
              interval[1],
              ratioMean);

      // 2. 8 of 12 black-holed
      fleet.blackholeFirst(8);
      System.out.printf(
          Locale.ROOT,
          "black-holed: %s; DNS answer rotated before each cold and libpq-strategy sample%n",
          fleet.addresses().subList(0, 8));

      LatencyTable.Row coldRow =
          table.row("8/12 black-holed", "Detour, cold router (new per connect)");
      for (int i = 0; i < cold; i++) {
        RouterRegistry.closeAll();
        fleet.dns().rotate(fleet.hostName());
        timed(coldRow, detourUrl, login);
      }
      RouterRegistry.closeAll();
      LatencyTable.Row warmRow = table.row("8/12 black-holed", "Detour, warm router");
      for (int i = 0; i < 20; i++) {
        connect(detourUrl, login);
      }
      for (int i = 0; i < warm; i++) {
        timed(warmRow, detourUrl, login);
      }
      warmRow.note =
          String.format(
              Locale.ROOT,
              "p99 %.2f ms vs healthy-fleet plain pgjdbc p99 %.2f ms (%+.2f ms)",
              warmRow.ms(99),
              plain.ms(99),
              warmRow.ms(99) - plain.ms(99));

      LatencyTable.Row seqRow =
          table.row("8/12 black-holed", "libpq strategy: each address, 2 s each");
      String seqUrl =
          "jdbc:postgresql://"
              + fleet.hostName()
              + ":"
              + fleet.port()
              + "/"
              + db
              + "?socketFactory="
              + SequentialSocketFactory.class.getName()
              + "&bench.dns="
              + fleet.dnsServer()
              + "&bench.perAddressTimeoutMs=2000";
      for (int i = 0; i < sequential; i++) {
        fleet.dns().rotate(fleet.hostName());
        timed(seqRow, seqUrl, login);
      }

      LatencyTable.Row hostsRow =
          table.row("8/12 black-holed", "pgjdbc + hosts file, connectTimeout=2");
      int deadProcesses = hostsFileBaseline(fleet, db, login, hostsRow, children, perChild, seed);
      hostsRow.note =
          String.format(
              Locale.ROOT,
              "%d of %d processes had a black-holed first address: every connect there failed",
              deadProcesses,
              children);

      // 3. every address down: once learned, connects fail fast
      for (int i = 8; i < fleet.size(); i++) {
        fleet.blackhole(i);
      }
      Router router =
          RouterRegistry.shared(
              RouterConfig.fromProperties(Map.of("detour.resolver.servers", fleet.dnsServer())));
      long learnUntil = System.nanoTime() + 60_000_000_000L;
      boolean learned = false;
      while (!learned && System.nanoTime() < learnUntil) {
        try {
          router.connect(fleet.hostName(), fleet.port()).socket().close();
        } catch (NoHealthyAddressException e) {
          learned = e.isFastFail();
        } catch (IOException e) {
          // still learning: attempts time out
        }
      }
      LatencyTable.Row ffJdbc =
          table.row("12/12 black-holed", "Detour jdbc:detour:, fast-fail (08001)");
      for (int i = 0; i < fastFails; i++) {
        timed(ffJdbc, detourUrl, login);
      }
      ffJdbc.note = "fail is the expected outcome here: SQLState 08001 without dialing";
      LatencyTable.Row ffRouter =
          table.row("12/12 black-holed", "Detour Router.connect, fast-fail");
      for (int i = 0; i < 10 * fastFails; i++) {
        long start = System.nanoTime();
        boolean fast = false;
        try {
          router.connect(fleet.hostName(), fleet.port()).socket().close();
        } catch (NoHealthyAddressException e) {
          fast = e.isFastFail();
        } catch (IOException e) {
          fast = false;
        }
        ffRouter.record(System.nanoTime() - start, fast);
      }
      ffRouter.note = "ok counts NoHealthyAddressException.isFastFail(); fail counts anything else";

      // 4. a router that has not learned the fleet yet: learning, stalled handshakes, burst, and
      // the cold JVM (see LearningScenarios)
      LearningScenarios.run(
          fleet,
          table,
          new LearningScenarios.Sizes(20, 20, sequential, 10, 3, 10, 100, 300),
          (part, seconds) -> {});
    } finally {
      RouterRegistry.closeAll();
    }
    System.out.println();
    System.out.print(table.render());
  }

  private static int hostsFileBaseline(
      NeonLikeFleet fleet,
      String db,
      Properties login,
      LatencyTable.Row row,
      int children,
      int perChild,
      long seed)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String url = "jdbc:postgresql://" + fleet.hostName() + ":" + fleet.port() + "/" + db;
    Random random = new Random(seed + 1);
    int dead = 0;
    for (int c = 0; c < children; c++) {
      List<String> addresses = new ArrayList<>(fleet.addresses());
      Collections.shuffle(addresses, random);
      Path hosts = Files.createTempFile("detour-bench-hosts", ".txt");
      StringBuilder sb = new StringBuilder();
      for (String a : addresses) {
        sb.append(a).append(' ').append(fleet.hostName()).append('\n');
      }
      Files.writeString(hosts, sb.toString());
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Djdk.net.hosts.file=" + hosts,
              "-cp",
              System.getProperty("java.class.path"),
              PlainPgjdbcProcess.class.getName(),
              url,
              login.getProperty("user"),
              Integer.toString(perChild),
              "2");
      pb.environment().put("BENCH_PGPASSWORD", login.getProperty("password"));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      int failures = 0;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] parts = line.split(" ", 3);
          if (parts.length >= 2 && (parts[0].equals("ok") || parts[0].equals("fail"))) {
            boolean ok = parts[0].equals("ok");
            row.record(Long.parseLong(parts[1]), ok);
            failures += ok ? 0 : 1;
          }
        }
      }
      p.waitFor();
      Files.deleteIfExists(hosts);
      if (failures == perChild) {
        dead++;
      }
    }
    return dead;
  }
}
