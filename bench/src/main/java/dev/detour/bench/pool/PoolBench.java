package dev.detour.bench.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.detour.pool.DetourDataSource;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.NeonLikeFleet;
import dev.detour.testkit.pg.TestPostgres;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@link DetourDataSource} against plain HikariCP on plain pgjdbc, same embedded PostgreSQL behind
 * the same {@link NeonLikeFleet}, 32 threads on pools of 10, in one run.
 *
 * <ol>
 *   <li><b>Healthy throughput.</b> Borrow + {@code SELECT 1} + return. The two pools run in
 *       alternating rounds (never at once), so that both see the same machine load.
 *   <li><b>Incident shape.</b> Both pools under load at once; then 8 of the 12 addresses go silent
 *       (connections already open included), the baseline's address among them (pgjdbc uses the
 *       first address of a name). Errors, p50/p99/max and requests hung at the end.
 * </ol>
 *
 * <p>Arguments: seconds per healthy round (10), rounds (3; 0 skips the healthy part), seconds of
 * the faulted phase (60), the pooled socket timeout in the incident, in seconds (30).
 */
public final class PoolBench {

  private PoolBench() {}

  /** Runs both scenarios and prints their tables. */
  public static void main(String[] args) throws Exception {
    int roundSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int faultSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int socketTimeout = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    int recoverySeconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    try (NeonLikeFleet fleet = NeonLikeFleet.start()) {
      if (rounds > 0) {
        healthy(fleet, roundSeconds, rounds);
      }
      fleet.clearFaults();
      incident(fleet, faultSeconds, Duration.ofSeconds(socketTimeout), recoverySeconds);
    } finally {
      RouterRegistry.closeAll();
    }
    System.exit(0);
  }

  private static DetourDataSource detour(NeonLikeFleet fleet, Duration socketTimeout) {
    TestPostgres pg = fleet.postgres();
    return DetourDataSource.builder()
        .url(fleet.detourUrl(pg.database()))
        .username(pg.user())
        .password(pg.password())
        .maximumPoolSize(10)
        .socketTimeout(socketTimeout)
        .poolName("bench-detour")
        .build();
  }

  private static HikariDataSource hikari(NeonLikeFleet fleet) {
    TestPostgres pg = fleet.postgres();
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(
        "jdbc:postgresql://" + fleet.addresses().get(0) + ":" + fleet.port() + "/" + pg.database());
    c.setUsername(pg.user());
    c.setPassword(pg.password());
    c.setMaximumPoolSize(10);
    c.setPoolName("bench-hikari");
    return new HikariDataSource(c);
  }

  /**
   * Healthy throughput on {@code fleet}: each client in turn, a warm-up round, then {@code rounds}
   * rounds of {@code roundSeconds}; prints the table and returns the figures.
   *
   * @param fleet the lab, faults cleared
   * @param roundSeconds the length of a round
   * @param rounds recorded rounds per client
   * @return plain HikariCP, Detour with a 30 s socket timeout, Detour without one, in that order
   * @throws Exception if the lab fails
   */
  public static List<PoolFigures> healthy(NeonLikeFleet fleet, int roundSeconds, int rounds)
      throws Exception {
    return healthy(fleet, roundSeconds, rounds, roundSeconds);
  }

  /**
   * Healthy throughput on {@code fleet}, with a warm-up round of its own length.
   *
   * @param fleet the lab, faults cleared
   * @param roundSeconds the length of a recorded round
   * @param rounds recorded rounds per client
   * @param warmupSeconds the length of each client's unrecorded warm-up round
   * @return plain HikariCP, Detour with a 30 s socket timeout, Detour without one, in that order
   * @throws Exception if the lab fails
   */
  public static List<PoolFigures> healthy(
      NeonLikeFleet fleet, int roundSeconds, int rounds, int warmupSeconds) throws Exception {
    try (HikariDataSource h = hikari(fleet);
        DetourDataSource d = detour(fleet, Duration.ofSeconds(30));
        DetourDataSource off = detour(fleet, Duration.ZERO)) {
      List<javax.sql.DataSource> clients = List.of(h, d, off);
      List<String> names =
          List.of(
              "plain HikariCP 7.1.0 on pgjdbc",
              "DetourDataSource (socketTimeout 30s)",
              "DetourDataSource (socketTimeout off)");
      List<Histogram> hist = new ArrayList<>();
      long[] ok = new long[clients.size()];
      long[] err = new long[clients.size()];
      clients.forEach(c -> hist.add(new Histogram(3_600_000_000_000L, 3)));
      // a warm-up round each, unrecorded, then rounds in turn (never two clients at once)
      for (int r = -1; r < rounds; r++) {
        for (int which = 0; which < clients.size(); which++) {
          PoolLoad load = new PoolLoad("bench-" + which, clients.get(which), 32);
          load.record();
          waitSeconds(r < 0 ? warmupSeconds : roundSeconds);
          load.pause();
          load.stop();
          if (r >= 0) {
            hist.get(which).add(load.latency());
            ok[which] += load.ok();
            err[which] += load.errors();
          }
        }
      }
      double seconds = (double) roundSeconds * rounds;
      System.out.println();
      System.out.printf(
          "Healthy: 32 threads, pools of 10, %d rounds of %d s per client, in turn%n",
          rounds, roundSeconds);
      header();
      for (int i = 0; i < clients.size(); i++) {
        row(names.get(i), ok[i], err[i], seconds, hist.get(i));
      }
      for (int i = 1; i < clients.size(); i++) {
        System.out.printf(
            "%s / Hikari: throughput %.3f, p50 %.3f, p99 %.3f%n",
            names.get(i),
            (double) ok[i] / ok[0],
            (double) hist.get(i).getValueAtPercentile(50) / hist.get(0).getValueAtPercentile(50),
            (double) hist.get(i).getValueAtPercentile(99) / hist.get(0).getValueAtPercentile(99));
      }
      List<PoolFigures> figures = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        figures.add(new PoolFigures(names.get(i), ok[i], err[i], seconds, hist.get(i), 0, null));
      }
      return figures;
    }
  }

  /**
   * The incident shape on {@code fleet}: both pools under load at once, then 8 of 12 addresses go
   * silent, open connections included; then the faults clear and the first {@code recoverySeconds}
   * are recorded apart. Prints the tables and returns the figures.
   *
   * @param fleet the lab, faults cleared
   * @param faultSeconds how long the faulted phase is recorded
   * @param socketTimeout Detour's pooled socket timeout
   * @param recoverySeconds how long the first seconds after the faults clear are recorded
   * @return plain HikariCP, then Detour, during the faults; then the same two after they clear
   * @throws Exception if the lab fails
   */
  public static List<PoolFigures> incident(
      NeonLikeFleet fleet, int faultSeconds, Duration socketTimeout, int recoverySeconds)
      throws Exception {
    DetourDataSource d = detour(fleet, socketTimeout);
    HikariDataSource h = hikari(fleet);
    PoolLoad dl = new PoolLoad("incident-d", d, 32);
    PoolLoad hl = new PoolLoad("incident-h", h, 32);
    awaitFull(d, h, Duration.ofSeconds(5));
    List<Integer> faulted = faulted(fleet, d.health().connections());
    faulted.forEach(fleet::stallConnections);
    dl.record();
    hl.record();
    waitSeconds(faultSeconds);
    int dHung = dl.inFlightLongerThan(Duration.ofSeconds(5).toNanos());
    int hHung = hl.inFlightLongerThan(Duration.ofSeconds(5).toNanos());
    Histogram dh = dl.latency();
    Histogram hh = hl.latency();
    long dOk = dl.ok();
    long dErr = dl.errors();
    long hOk = hl.ok();
    long hErr = hl.errors();
    String dFirst = dl.firstError();
    String hFirst = hl.firstError();
    // the faults clear: the first seconds of recovery, requests that start from now on
    fleet.clearFaults();
    dl.record();
    hl.record();
    waitSeconds(recoverySeconds);
    int dHungAfter = dl.inFlightLongerThan(Duration.ofSeconds(5).toNanos());
    int hHungAfter = hl.inFlightLongerThan(Duration.ofSeconds(5).toNanos());
    PoolFigures hAfter =
        new PoolFigures(
            "plain HikariCP 7.1.0 on pgjdbc",
            hl.ok(),
            hl.errors(),
            recoverySeconds,
            hl.latency(),
            hHungAfter,
            hl.firstError());
    PoolFigures dAfter =
        new PoolFigures(
            "DetourDataSource (socketTimeout " + socketTimeout.toSeconds() + "s)",
            dl.ok(),
            dl.errors(),
            recoverySeconds,
            dl.latency(),
            dHungAfter,
            dl.firstError());
    // The figures are read. Hikari's close() first waits up to its login timeout (30 s) for its
    // connection adder, which is stuck in a connect to a silent address (FACTS.md), and only then
    // aborts the stuck connections: it runs on a daemon thread of its own, not in the suite's time.
    long teardown = System.nanoTime();
    Thread closer = new Thread(h::close, "bench-hikari-close");
    closer.setDaemon(true);
    closer.start();
    d.close();
    dl.stopNow(Duration.ofSeconds(30));
    // its workers end when the closer aborts their connections; they are daemons
    hl.stopNow(Duration.ofSeconds(1));
    System.out.printf(
        "incident teardown: %.1f s (plain HikariCP closing in the background)%n",
        (System.nanoTime() - teardown) / 1e9);
    System.out.println();
    System.out.printf(
        "Incident shape: 32 threads per pool of 10, both at once; 8 of 12 addresses %s go silent"
            + " (open connections included); %d s recorded from the fault%n",
        faulted, faultSeconds);
    header();
    row("plain HikariCP 7.1.0 on pgjdbc", hOk, hErr, faultSeconds, hh);
    row(
        "DetourDataSource (socketTimeout " + socketTimeout.toSeconds() + "s)",
        dOk,
        dErr,
        faultSeconds,
        dh);
    System.out.printf(
        "requests in flight for more than 5 s at the end: Hikari %d, Detour %d%n", hHung, dHung);
    System.out.println("first Hikari error: " + hFirst);
    System.out.println("first Detour error: " + dFirst);
    System.out.println();
    System.out.printf(
        "The first %d s after the faults clear (requests that start from then on)%n",
        recoverySeconds);
    header();
    row(hAfter.client(), hAfter.ok(), hAfter.errors(), recoverySeconds, hAfter.latencyNanos());
    row(dAfter.client(), dAfter.ok(), dAfter.errors(), recoverySeconds, dAfter.latencyNanos());
    System.out.printf(
        "requests in flight for more than 5 s at the end: Hikari %d, Detour %d%n",
        hHungAfter, dHungAfter);
    return List.of(
        new PoolFigures(
            "plain HikariCP 7.1.0 on pgjdbc", hOk, hErr, faultSeconds, hh, hHung, hFirst),
        new PoolFigures(
            "DetourDataSource (socketTimeout " + socketTimeout.toSeconds() + "s)",
            dOk,
            dErr,
            faultSeconds,
            dh,
            dHung,
            dFirst),
        hAfter,
        dAfter);
  }

  private static List<Integer> faulted(NeonLikeFleet fleet, Map<InetSocketAddress, Integer> by) {
    List<Integer> out = new ArrayList<>();
    out.add(0);
    by.keySet()
        .forEach(
            a -> {
              int i = fleet.addresses().indexOf(a.getAddress().getHostAddress());
              if (i >= 0 && !out.contains(i) && out.size() < 8) {
                out.add(i);
              }
            });
    for (int i = 0; i < fleet.size() && out.size() < 8; i++) {
      if (!out.contains(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Waits until both pools hold their 10 connections (so that the fault hits open connections), at
   * most {@code bound}: the incident starts from full pools, not after a fixed delay.
   */
  private static void awaitFull(DetourDataSource d, HikariDataSource h, Duration bound)
      throws InterruptedException {
    long until = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < until) {
      int detour = d.health().connections().values().stream().mapToInt(Integer::intValue).sum();
      int hikari = h.getHikariPoolMXBean().getTotalConnections();
      if (detour >= 10 && hikari >= 10) {
        return;
      }
      Thread.sleep(20); // polling the pools' counts, bounded above
    }
  }

  private static void waitSeconds(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L); // a benchmark phase of fixed length, not a wait for an event
  }

  private static void header() {
    System.out.println(
        "| client                               |      ok |  errors |   ops/s |  p50 ms |  p99 ms |   max ms |");
    System.out.println(
        "|--------------------------------------|---------|---------|---------|---------|---------|----------|");
  }

  private static void row(String name, long ok, long err, double seconds, Histogram h) {
    System.out.printf(
        "| %-36s | %7d | %7d | %7.0f | %7.2f | %7.2f | %8.1f |%n",
        name,
        ok,
        err,
        ok / seconds,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
  }
}
