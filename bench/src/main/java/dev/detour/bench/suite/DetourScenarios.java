package dev.detour.bench.suite;

import dev.detour.bench.peers.Attempt;
import dev.detour.bench.peers.JdbcPeer;
import dev.detour.core.NamedThreadFactory;
import dev.detour.router.NoHealthyAddressException;
import dev.detour.router.Router;
import dev.detour.router.RouterConfig;
import dev.detour.router.RouterRegistry;
import dev.detour.testkit.proxy.Fault;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parts of the connect scenarios that only Detour has, because only Detour keeps routing state
 * between connects: a new router's first 50 connects, a warm router, stalled handshakes over many
 * connects of one router, fast-fail once every address is known down, and bursts of 64 threads. One
 * connect at a time (bursts aside), so that CPU contention does not blur millisecond figures. The
 * peers get a row in each of these scenarios that says why they have no figure of their own.
 */
final class DetourScenarios {

  static final String FIRST = "Detour, connect #0 of a new router";
  static final String AFTER_FIRST = "Detour, later connects of a new router (#1 on)";
  static final String WARM = "Detour jdbc:detour:, warm router";
  static final String STALL_ROUNDS = "Detour, the first connects of a new router";
  static final String FAST_FAIL_JDBC = "Detour jdbc:detour:, fast-fail once learned (08001)";
  static final String FAST_FAIL_ROUTER = "Detour Router.connect, fast-fail once learned";
  static final String BURST_COLD = "Detour, a burst on a new router";
  static final String BURST_LATER = "Detour, 3 more bursts on the same router";

  private final ConnectLab lab;
  private final SuiteMode mode;
  private final SuiteResults results;
  private final String url;

  DetourScenarios(ConnectLab lab, SuiteMode mode, SuiteResults results) {
    this.lab = lab;
    this.mode = mode;
    this.results = results;
    this.url = lab.fleet.detourUrl(lab.fleet.postgres().database());
  }

  /** 8/12 black-holed: rounds of a new router and 50 sequential connects. */
  void learning() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(8);
    statelessPeerRows(ConnectScenarios.LEARNING);
    ResultRow first = results.row(ConnectScenarios.LEARNING, FIRST);
    ResultRow rest = results.row(ConnectScenarios.LEARNING, AFTER_FIRST);
    int size = lab.fleet.size();
    for (int r = 0; r < mode.learningRounds; r++) {
      RouterRegistry.closeAll();
      lab.orderFrom(r * size / mode.learningRounds);
      for (int i = 0; i < mode.connectsPerRound; i++) {
        (i == 0 ? first : rest).record(connect(), mode.deadline.toNanos());
      }
    }
    results.scenarioNote(
        ConnectScenarios.LEARNING,
        mode.learningRounds
            + " rounds; each a new router (RouterRegistry.closeAll()) and "
            + mode.connectsPerRound
            + " sequential connects, the DNS answer starting at another position each round.");
  }

  /** 8/12 black-holed, one router that has learned the fleet. */
  void warm() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(8);
    warmRows(ConnectScenarios.WARM, mode.warmSamples);
  }

  /** 11/12 black-holed, one router that has learned the fleet. */
  void lastOneWarm() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(11);
    ResultRow row = results.row(ConnectScenarios.LAST_ONE, WARM);
    RouterRegistry.closeAll();
    for (int i = 0; i < 20; i++) {
      connect();
    }
    for (int i = 0; i < mode.warmSamples / 2; i++) {
      row.record(connect(), mode.deadline.toNanos());
    }
    row.note("20 untimed connects first, so that the router has learned the fleet");
  }

  /** Accept-then-stall on 4/12: rounds of a new router and 50 sequential connects. */
  void stallRounds() {
    lab.fleet.clearFaults();
    for (int i = 0; i < 4; i++) {
      lab.fleet.fault(i, Fault.acceptThenStall());
    }
    ResultRow row = results.row(ConnectScenarios.STALL, STALL_ROUNDS);
    int size = lab.fleet.size();
    for (int r = 0; r < mode.learningRounds; r++) {
      RouterRegistry.closeAll();
      lab.orderFrom(r * size / mode.learningRounds);
      for (int i = 0; i < mode.connectsPerRound; i++) {
        row.record(connect(), mode.deadline.toNanos());
      }
    }
    row.note(
        mode.learningRounds
            + " rounds of a new router and "
            + mode.connectsPerRound
            + " sequential connects");
  }

  /** Every address black-holed, once the router knows it: how fast a connect fails. */
  void fastFail() {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(12);
    RouterRegistry.closeAll();
    Router router =
        RouterRegistry.shared(
            RouterConfig.fromProperties(Map.of("detour.resolver.servers", lab.fleet.dnsServer())));
    long learnUntil = System.nanoTime() + 60_000_000_000L;
    boolean learned = false;
    while (!learned && System.nanoTime() < learnUntil) {
      learned = fastFailed(router);
    }
    ResultRow jdbc = results.row(ConnectScenarios.ALL_DOWN, FAST_FAIL_JDBC);
    for (int i = 0; i < mode.fastFailSamples; i++) {
      jdbc.record(connect(), mode.deadline.toNanos());
    }
    jdbc.note("failing is the expected outcome: SQLState 08001 without dialing");
    ResultRow direct = results.row(ConnectScenarios.ALL_DOWN, FAST_FAIL_ROUTER);
    for (int i = 0; i < 10 * mode.fastFailSamples; i++) {
      long start = System.nanoTime();
      boolean fast = fastFailed(router);
      long took = System.nanoTime() - start;
      direct.record(
          fast ? Attempt.ok(took) : Attempt.failed(took, "not a fast-fail"),
          mode.deadline.toNanos());
    }
    direct.note("ok counts NoHealthyAddressException.isFastFail(); fail counts anything else");
    if (!learned) {
      direct.note("the router did not reach fast-fail within 60 s of learning");
    }
  }

  /** 64 threads at once on a cold router, then 3 more bursts on the same router. */
  void burst() throws InterruptedException {
    lab.fleet.clearFaults();
    lab.fleet.blackholeFirst(8);
    statelessPeerRows(ConnectScenarios.BURST);
    ResultRow cold = results.row(ConnectScenarios.BURST, BURST_COLD);
    ResultRow later = results.row(ConnectScenarios.BURST, BURST_LATER);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int peakAboveBase = 0;
    int size = lab.fleet.size();
    ExecutorService callers =
        Executors.newFixedThreadPool(mode.burstThreads, new NamedThreadFactory("bench-burst"));
    try {
      // the 64 callers exist before the first burst, so the peak counts only what Detour starts
      burstOnce(callers, null);
      for (int r = 0; r < mode.burstRounds; r++) {
        RouterRegistry.closeAll();
        lab.orderFrom(r * size / mode.burstRounds);
        int base = threads.getThreadCount();
        threads.resetPeakThreadCount();
        burstOnce(callers, cold);
        peakAboveBase = Math.max(peakAboveBase, threads.getPeakThreadCount() - base);
      }
      for (int b = 0; b < 3; b++) {
        burstOnce(callers, later);
      }
    } finally {
      callers.shutdownNow();
    }
    results.derived(
        "burst: peak JVM threads above the callers' during a cold burst",
        String.format(Locale.ROOT, "%d (the router's workers, timers and probes)", peakAboveBase));
    cold.note(
        mode.burstRounds
            + " bursts of "
            + mode.burstThreads
            + " threads, each on a new router; the DNS answer starts at another position each"
            + " time");
  }

  private void burstOnce(ExecutorService callers, ResultRow row) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Attempt>> running = new ArrayList<>();
    for (int t = 0; t < mode.burstThreads; t++) {
      running.add(
          callers.submit(
              () -> {
                go.await();
                return JdbcPeer.connect(url, lab.target().login());
              }));
    }
    go.countDown();
    long deadline = System.nanoTime() + mode.deadline.toNanos();
    for (Future<Attempt> f : running) {
      Attempt a;
      try {
        a = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        a = Attempt.hung(mode.deadline.toNanos());
      } catch (ExecutionException e) {
        a = Attempt.failed(0, String.valueOf(e.getCause()));
      }
      if (row != null) {
        row.record(a, mode.deadline.toNanos());
      }
    }
  }

  private void warmRows(String scenario, int samples) {
    statelessPeerRows(scenario);
    ResultRow row = results.row(scenario, WARM);
    RouterRegistry.closeAll();
    for (int i = 0; i < 20; i++) {
      connect();
    }
    for (int i = 0; i < samples; i++) {
      row.record(connect(), mode.deadline.toNanos());
    }
    row.note("20 untimed connects first, so that the router has learned the fleet");
  }

  private void statelessPeerRows(String scenario) {
    for (String name : lab.peerNames()) {
      ResultRow r = results.row(scenario, name);
      if (name.equals(ConnectLab.PSQL_ABSENT)) {
        r.absent(ConnectLab.psqlAbsentReason());
      } else {
        r.absent("not applicable: keeps no routing state; every connect is as in the cold rows");
      }
    }
  }

  /** One connect through {@code jdbc:detour:}, bounded by the deadline. */
  private Attempt connect() {
    return lab.detourWarm.attempt(lab.target(), mode.deadline);
  }

  private boolean fastFailed(Router router) {
    try {
      router.connect(lab.fleet.hostName(), lab.fleet.port()).socket().close();
      return false;
    } catch (NoHealthyAddressException e) {
      return e.isFastFail();
    } catch (IOException e) {
      return false;
    }
  }
}
