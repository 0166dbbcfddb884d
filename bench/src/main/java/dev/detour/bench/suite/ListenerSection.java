package dev.detour.bench.suite;

import dev.detour.bench.listener.ListenerBench;
import dev.detour.bench.listener.ListenerFigures;
import dev.detour.bench.peers.Attempt;
import dev.detour.bench.peers.BareNotificationLoop;
import dev.detour.testkit.NeonLikeFleet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * The listener scenarios (issue 11): delivery latency at 1k and 10k notifications/s against a bare
 * pgjdbc {@code getNotifications} loop, and detection and reconnect time after a kill and after a
 * silent stall, on the suite's fleet. Detour's figures come from the listener's own benchmark
 * ({@link ListenerBench}, run on this fleet); the bare loop's detection rows are measured here:
 * after a kill it sees the error at once (and has no reconnect); after a silent stall it never
 * notices, so it is recorded as hung at the deadline.
 */
final class ListenerSection {

  static final String DELIVERY_1K = "listener: delivery at 1k notifications/s";
  static final String DELIVERY_10K = "listener: delivery at 10k notifications/s";
  static final String KILL = "listener: detection after pg_terminate_backend";
  static final String STALL = "listener: detection after a silent stall";
  static final String BARE = "bare pgjdbc getNotifications(100) loop";
  static final String DETOUR = "Detour DetourListener";

  private static final String CHANNEL = "bench_suite";

  private ListenerSection() {}

  static void run(SuiteResults results, NeonLikeFleet fleet, SuiteMode mode) throws Exception {
    fleet.clearFaults();
    // short blocks, many of them, each notification timed by both clients
    int blocks = mode == SuiteMode.FULL ? 20 : 6;
    int blockMillis = 250;
    ListenerFigures f;
    long benchStart = System.nanoTime();
    try {
      f =
          ListenerBench.measure(
              fleet, blockMillis, blocks, mode.listenerKills, mode.listenerDetourStalls());
      results.step(
          "listener: ListenerBench (Detour and bare delivery, Detour's kills and stalls)",
          (System.nanoTime() - benchStart) / 1e9);
    } catch (Exception | AssertionError e) {
      // a failed section leaves its rows and goals in the table, with the reason
      String why = "ListenerBench failed: " + e;
      for (String scenario : new String[] {DELIVERY_1K, DELIVERY_10K, KILL, STALL}) {
        results.row(scenario, BARE).absent("not measured: " + why);
        results.row(scenario, DETOUR).absent("not measured: " + why);
      }
      results.goal(Goal.notMeasured(11, "listener goals (delivery, kill, stall)", why));
      return;
    } finally {
      fleet.clearFaults();
    }
    delivery(results, DELIVERY_1K, 1000, f);
    delivery(results, DELIVERY_10K, 10_000, f);

    String url =
        "jdbc:postgresql://"
            + fleet.addresses().get(0)
            + ":"
            + fleet.port()
            + "/"
            + fleet.postgres().database()
            + "?sslmode=disable";
    Properties login = fleet.postgres().connectionProperties();
    long bareStart = System.nanoTime();
    ResultRow kill = results.row(KILL, BARE);
    for (int i = 0; i < mode.listenerKills; i++) {
      try (BareNotificationLoop loop = new BareNotificationLoop(url, login, CHANNEL)) {
        long start = System.nanoTime();
        terminate(fleet, loop.pid());
        kill.record(loop.awaitFailure(start, mode.deadline), mode.deadline.toNanos());
      }
    }
    kill.note("time to the loop's first error; it has no reconnect, so it then stops listening");
    results.row(KILL, DETOUR + ", to DISCONNECTED").addSuccesses(f.killDetect);
    results.row(KILL, DETOUR + ", to the RECONNECTED resync").addSuccesses(f.killResync);
    ResultRow stall = results.row(STALL, BARE);
    for (int i = 0; i < mode.listenerStalls; i++) {
      try (BareNotificationLoop loop = new BareNotificationLoop(url, login, CHANNEL)) {
        long start = System.nanoTime();
        fleet.stallConnections(0);
        Attempt a = loop.awaitFailure(start, mode.deadline);
        stall.record(a, mode.deadline.toNanos());
      } finally {
        fleet.clearFaults();
      }
    }
    stall.note("getNotifications() never reports a connection that went silent (FACTS.md)");
    results.step(
        "listener: bare loop, kills and silent stalls", (System.nanoTime() - bareStart) / 1e9);
    results.row(STALL, DETOUR + ", to DISCONNECTED").addSuccesses(f.stallDetect);
    results.row(STALL, DETOUR + ", to the RECONNECTED resync").addSuccesses(f.stallResync);
    results.scenarioNote(
        KILL,
        "pg_terminate_backend on the listener's backend; DetourListener with heartbeat 1 s + 1 s"
            + " (ListenerBench).");
    results.scenarioNote(
        STALL,
        "The proxy of the listener's address goes silent (open connection included); Detour's"
            + " heartbeat is 1 s + 1 s, so the bound on detection is 2 s. Detour's samples are"
            + " taken right after it connected, the worst case: its last proof of life is the"
            + " moment before the stall.");

    results.goal(bound(11, "after a kill: RECONNECTED resync p99 ≤ 1 s", f.killResync, 1000));
    results.goal(
        withinBound(
            11,
            "after a silent stall: detected (DISCONNECTED) within heartbeat interval + timeout"
                + " (1 s + 1 s), every sample",
            f.stallDetect,
            2000));
  }

  private static void delivery(SuiteResults results, String scenario, int rate, ListenerFigures f) {
    Histogram detour = f.detourDelivery(rate);
    Histogram bare = f.bareDelivery(rate);
    results.row(scenario, BARE).addSuccesses(bare);
    results.row(scenario, DETOUR).addSuccesses(detour);
    results.scenarioNote(
        scenario,
        "From the sender's pg_notify (autocommit) to the handler, through the same proxy; both"
            + " clients listen to the same channel, so each notification is timed by both at the"
            + " same moment, in short blocks, in sessions that open both clients anew (each"
            + " connecting first in turn) (ListenerBench). pgjdbc's getNotifications returns only"
            + " once a 1 ms read finds nothing more, so the bare loop gets a steady stream in"
            + " batches whose length depends on the gaps in the stream, and its latency is mostly"
            + " that wait; Detour's socket answers that read at once when nothing is buffered, so"
            + " its calls return about one notification each. "
            + f.deliveryNote(rate));
    String goal =
        String.format(
            Locale.ROOT,
            "delivery at %s/s: p50 and p99 ≤ 1.1 × bare getNotifications loop",
            rate >= 10_000 ? "10k" : "1k");
    if (detour.getTotalCount() == 0 || bare.getTotalCount() == 0) {
      results.goal(Goal.notMeasured(11, goal, "no deliveries recorded"));
      return;
    }
    double r50 = (double) detour.getValueAtPercentile(50) / bare.getValueAtPercentile(50);
    double r99 = (double) detour.getValueAtPercentile(99) / bare.getValueAtPercentile(99);
    results.goal(
        new Goal(
            11,
            goal,
            String.format(
                Locale.ROOT,
                "p50 %.2f vs %.2f ms (×%.3f); p99 %.2f vs %.2f ms (×%.3f)",
                detour.getValueAtPercentile(50) / 1000.0,
                bare.getValueAtPercentile(50) / 1000.0,
                r50,
                detour.getValueAtPercentile(99) / 1000.0,
                bare.getValueAtPercentile(99) / 1000.0,
                r99),
            r50 <= 1.1 && r99 <= 1.1));
  }

  private static Goal bound(int issue, String text, Histogram micros, double limitMs) {
    if (micros.getTotalCount() == 0) {
      return Goal.notMeasured(issue, text, "no samples");
    }
    double p99 = micros.getValueAtPercentile(99) / 1000.0;
    return new Goal(
        issue,
        text,
        String.format(
            Locale.ROOT,
            "p99 %.0f ms, max %.0f ms over %d samples (limit %.0f ms)",
            p99,
            micros.getMaxValue() / 1000.0,
            micros.getTotalCount(),
            limitMs),
        p99 <= limitMs);
  }

  /** A bound every sample must keep: met only if the maximum is within it. */
  private static Goal withinBound(int issue, String text, Histogram micros, double limitMs) {
    if (micros.getTotalCount() == 0) {
      return Goal.notMeasured(issue, text, "no samples");
    }
    double max = micros.getMaxValue() / 1000.0;
    return new Goal(
        issue,
        text,
        String.format(
            Locale.ROOT,
            "p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d samples (limit %.0f ms)",
            micros.getValueAtPercentile(50) / 1000.0,
            micros.getValueAtPercentile(99) / 1000.0,
            max,
            micros.getTotalCount(),
            limitMs),
        max <= limitMs);
  }

  private static void terminate(NeonLikeFleet fleet, int pid) throws SQLException {
    try (Connection c = fleet.postgres().connectAsSuperuser();
        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      ps.execute();
    }
  }
}
