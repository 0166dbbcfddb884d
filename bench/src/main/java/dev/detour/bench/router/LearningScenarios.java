package dev.detour.bench.router;

import static dev.detour.bench.router.ScenarioConnects.arg;
import static dev.detour.bench.router.ScenarioConnects.connect;
import static dev.detour.bench.router.ScenarioConnects.timed;

import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.proxy.Fault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The scenarios of a router that has not learned the fleet yet (issue 8), each on a new router
 * ({@link RouterRegistry#closeAll()}), with full connects ({@code isValid} after the handshake):
 *
 * <ol>
 *   <li><b>learning</b>: 8 of 12 black-holed, dead ones first in DNS order; per round a new router
 *       and 50 sequential connects; #0 and #1–#49 reported apart.
 *   <li><b>stalled handshakes</b>: 4 of 12 accept TCP and then never answer; per round a new router
 *       and 50 sequential connects. Beside it, libpq's strategy: each address in DNS order with a 2
 *       s timeout that covers the startup (pgjdbc {@code loginTimeout=2} through {@link
 *       SequentialSocketFactory}, moving on to the next address after a timeout), with the DNS
 *       answer rotated before each sample.
 *   <li><b>burst</b>: 64 threads connect at once to a cold router, 8 of 12 black-holed; then 3 more
 *       bursts on the same router. The peak number of live {@code detour-router-*} threads is
 *       reported.
 *   <li><b>cold JVM</b>: the first connect of a fresh child JVM, plain pgjdbc to one address
 *       against {@code jdbc:detour:}, healthy fleet, interleaved; with the classes each loaded.
 * </ol>
 *
 * <p>Every loop is bounded in count, every connect by its client's timeout. Arguments of {@link
 * #main}: {@code rounds stalledRounds libpqSamples burstRounds coldJvmChildren}.
 */
public final class LearningScenarios {

  private LearningScenarios() {}

  /** Runs the four scenarios alone, on a fleet of their own, and prints the table. */
  public static void main(String[] args) throws Exception {
    LatencyTable table = new LatencyTable();
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      run(
          fleet,
          table,
          new Sizes(
              arg(args, 0, 20),
              arg(args, 1, 20),
              arg(args, 2, 12),
              arg(args, 3, 10),
              3,
              arg(args, 4, 10),
              100,
              300),
          (part, seconds) -> {});
    } finally {
      RouterRegistry.closeAll();
    }
    System.out.println();
    System.out.print(table.render());
  }

  /**
   * How many samples each scenario takes.
   *
   * @param rounds learning rounds (a new router and 50 connects each)
   * @param stalledRounds stalled-handshake rounds (a new router and 50 connects each)
   * @param libpqSamples libpq-strategy samples on the stalled fleet; 0 leaves its row out
   * @param burstRounds cold bursts of 64
   * @param laterBursts bursts of 64 on the same router after the cold ones
   * @param children cold-JVM children per client
   * @param baselineWarmup untimed connects of the healthy baseline's warm router
   * @param baselineSamples timed connects of the healthy baseline
   */
  public record Sizes(
      int rounds,
      int stalledRounds,
      int libpqSamples,
      int burstRounds,
      int laterBursts,
      int children,
      int baselineWarmup,
      int baselineSamples) {

    /** Checks every count. */
    public Sizes {
      positive("rounds", rounds);
      positive("stalledRounds", stalledRounds);
      positive("burstRounds", burstRounds);
      positive("laterBursts", laterBursts);
      positive("children", children);
      positive("baselineSamples", baselineSamples);
      if (libpqSamples < 0 || baselineWarmup < 0) {
        throw new IllegalArgumentException(
            "libpqSamples, baselineWarmup: "
                + libpqSamples
                + ", "
                + baselineWarmup
                + " (expected: >= 0)");
      }
    }

    private static void positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
      }
    }
  }

  /**
   * Runs the four scenarios on {@code fleet} (faults cleared first), adding rows to the table and
   * handing each part's elapsed seconds to {@code partSeconds} as it ends.
   */
  static void run(
      NeonLikeFleet fleet, LatencyTable table, Sizes sizes, BiConsumer<String, Double> partSeconds)
      throws Exception {
    long[] mark = {System.nanoTime()};
    Consumer<String> done =
        part -> {
          long now = System.nanoTime();
          partSeconds.accept(part, (now - mark[0]) / 1e9);
          mark[0] = now;
        };
    int rounds = sizes.rounds();
    int stalledRounds = sizes.stalledRounds();
    int libpqSamples = sizes.libpqSamples();
    int burstRounds = sizes.burstRounds();
    int children = sizes.children();
    fleet.clearFaults();
    String db = fleet.postgres().database();
    Properties login = fleet.postgres().connectionProperties();
    String url = fleet.detourUrl(db);

    // the healthy-fleet baseline of this run: a warm router
    RouterRegistry.closeAll();
    LatencyTable.Row healthy = table.row("learning baseline", "healthy 12/12, warm jdbc:detour:");
    for (int i = 0; i < sizes.baselineWarmup(); i++) {
      connect(url, login);
    }
    for (int i = 0; i < sizes.baselineSamples(); i++) {
      timed(healthy, url, login);
    }

    done.accept("healthy baseline");

    // 1. learning
    fleet.blackholeFirst(8);
    LatencyTable.Row first = table.row("learning 8/12 dead", "connect #0 (new router per round)");
    LatencyTable.Row later = table.row("learning 8/12 dead", "connects #1-#49");
    for (int r = 0; r < rounds; r++) {
      RouterRegistry.closeAll();
      timed(first, url, login);
      for (int i = 1; i < 50; i++) {
        timed(later, url, login);
      }
    }
    later.note =
        String.format(
            Locale.ROOT,
            "p99 %+.2f ms and max %+.2f ms over the healthy p99 (goals: +5 ms, +50 ms)",
            later.ms(99) - healthy.ms(99),
            later.micros.getMaxValue() / 1000.0 - healthy.ms(99));

    done.accept("learning");

    // 2. stalled handshakes
    fleet.clearFaults();
    for (int i = 0; i < 4; i++) {
      fleet.fault(i, Fault.acceptThenStall());
    }
    LatencyTable.Row stalled = table.row("stalled 4/12", "Detour, 50 connects per new router");
    for (int r = 0; r < stalledRounds; r++) {
      RouterRegistry.closeAll();
      for (int i = 0; i < 50; i++) {
        timed(stalled, url, login);
      }
    }
    LatencyTable.Row libpq =
        libpqSamples == 0
            ? null
            : table.row("stalled 4/12", "libpq strategy: 2 s per address incl. startup");
    for (int i = 0; i < libpqSamples; i++) {
      fleet.dns().rotate(fleet.hostName());
      long start = System.nanoTime();
      boolean ok = false;
      for (int k = 0; k < fleet.size() && !ok; k++) {
        ok = connect(libpqUrl(fleet, db, k), login);
      }
      libpq.record(System.nanoTime() - start, ok);
    }
    if (libpq != null) {
      libpq.note = "DNS answer rotated before each sample; a stalled address costs its 2 s";
    }
    fleet.dns().setA(fleet.hostName(), java.time.Duration.ofSeconds(60), dnsOrder(fleet));

    done.accept("stalled handshakes");

    // 3. burst
    fleet.clearFaults();
    fleet.blackholeFirst(8);
    LatencyTable.Row coldBurst = table.row("burst 64, 8/12 dead", "cold router, 64 at once");
    LatencyTable.Row laterBurst = table.row("burst 64, 8/12 dead", "more bursts, same router");
    // the machine's own floor: the same burst, plain pgjdbc, straight to one healthy address (64
    // SCRAM logins at once on the database's cores cost this much whatever routes them)
    LatencyTable.Row plainBurst =
        table.row(
            "burst 64, 8/12 dead", "pgjdbc, plain, one healthy address (IP in URL), 64 at once");
    String plainUrl =
        "jdbc:postgresql://"
            + fleet.addresses().get(fleet.size() - 1)
            + ":"
            + fleet.port()
            + "/"
            + db;
    int peakThreads = 0;
    ExecutorService pool = Executors.newFixedThreadPool(64, r -> daemon(r, "bench-burst"));
    try {
      for (int r = 0; r < burstRounds; r++) {
        RouterRegistry.closeAll();
        peakThreads = Math.max(peakThreads, burst(pool, coldBurst, url, login));
      }
      for (int b = 0; b < sizes.laterBursts(); b++) {
        peakThreads = Math.max(peakThreads, burst(pool, laterBurst, url, login));
        burst(pool, plainBurst, plainUrl, login);
      }
    } finally {
      pool.shutdownNow();
    }
    coldBurst.note =
        String.format(
            Locale.ROOT,
            "peak live detour-router-* threads during a burst: %d; later bursts p99 %+.2f ms over"
                + " the healthy p99, and %+.2f ms over plain pgjdbc's own burst of 64 to one"
                + " healthy address",
            peakThreads,
            laterBurst.ms(99) - healthy.ms(99),
            laterBurst.ms(99) - plainBurst.ms(99));

    done.accept("bursts");

    // 4. cold JVM
    fleet.clearFaults();
    RouterRegistry.closeAll();
    coldJvm(fleet, db, login, table, children);
    done.accept("cold JVM");
  }

  private static String[] dnsOrder(NeonLikeFleet fleet) {
    return fleet.addresses().toArray(new String[0]);
  }

  private static String libpqUrl(NeonLikeFleet fleet, String db, int startAt) {
    return "jdbc:postgresql://"
        + fleet.hostName()
        + ":"
        + fleet.port()
        + "/"
        + db
        + "?socketFactory="
        + SequentialSocketFactory.class.getName()
        + "&bench.dns="
        + fleet.dnsServer()
        + "&bench.perAddressTimeoutMs=2000&bench.startAt="
        + startAt
        + "&connectTimeout=2&loginTimeout=2";
  }

  /** One burst of 64 connects at once; returns the peak of live detour-router-* threads. */
  private static int burst(ExecutorService pool, LatencyTable.Row row, String url, Properties login)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      done.add(
          pool.submit(
              () -> {
                go.await();
                long start = System.nanoTime();
                boolean ok = connect(url, login);
                long took = System.nanoTime() - start;
                synchronized (row) {
                  row.record(took, ok);
                }
                return null;
              }));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger peak = new AtomicInteger();
    Thread sampler =
        daemon(
            () -> {
              while (running.get()) {
                int n = 0;
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                  if (t.getName().startsWith("detour-router")) {
                    n++;
                  }
                }
                peak.accumulateAndGet(n, Math::max);
                try {
                  TimeUnit.MILLISECONDS.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-thread-sampler");
    sampler.start();
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    running.set(false);
    sampler.join(1_000);
    return peak.get();
  }

  static void coldJvm(
      NeonLikeFleet fleet, String db, Properties login, LatencyTable table, int children)
      throws Exception {
    String plainUrl =
        "jdbc:postgresql://" + fleet.addresses().get(0) + ":" + fleet.port() + "/" + db;
    String detourUrl = fleet.detourUrl(db);
    LatencyTable.Row plain = table.row("cold JVM, healthy", "pgjdbc, first connect in a new JVM");
    LatencyTable.Row detour =
        table.row("cold JVM, healthy", "jdbc:detour:, first connect in a new JVM");
    long[] plainNanos = new long[children];
    long[] detourNanos = new long[children];
    long[] plainClasses = new long[children];
    long[] detourClasses = new long[children];
    for (int c = 0; c < children; c++) {
      long[] p = child(plainUrl, login);
      long[] d = child(detourUrl, login);
      plain.record(p[0], p[1] == 1);
      detour.record(d[0], d[1] == 1);
      plainNanos[c] = p[0];
      detourNanos[c] = d[0];
      plainClasses[c] = p[2];
      detourClasses[c] = d[2];
    }
    Arrays.sort(plainNanos);
    Arrays.sort(detourNanos);
    Arrays.sort(plainClasses);
    Arrays.sort(detourClasses);
    detour.note =
        String.format(
            Locale.ROOT,
            "median ratio x%.2f (goal <= 1.25); classes loaded by the first connect: %d vs %d"
                + " (medians)",
            (double) detourNanos[children / 2] / plainNanos[children / 2],
            detourClasses[children / 2],
            plainClasses[children / 2]);
  }

  /** Runs one child JVM with one connect; returns {nanos, ok ? 1 : 0, classes loaded}. */
  private static long[] child(String url, Properties login) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            PlainPgjdbcProcess.class.getName(),
            url,
            login.getProperty("user"),
            "1",
            "2");
    pb.environment().put("BENCH_PGPASSWORD", login.getProperty("password"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    long[] out = {0, 0, 0};
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length >= 2 && (parts[0].equals("ok") || parts[0].equals("fail"))) {
          out[0] = Long.parseLong(parts[1]);
          out[1] = parts[0].equals("ok") ? 1 : 0;
        } else if (parts.length >= 2 && parts[0].equals("classes")) {
          out[2] = Long.parseLong(parts[1]);
        }
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
