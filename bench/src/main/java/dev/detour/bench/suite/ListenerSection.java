package dev.detour.bench.suite;

/**
 * The listener scenarios (issue 11): delivery latency at 1k and 10k notifications/s against a bare
 * pgjdbc {@code getNotifications} loop, and detection and reconnect time after a kill and after a
 * silent stall. Until the listener module is on this branch, its rows say so and its goals stay not
 * met.
 */
final class ListenerSection {

  static final String DELIVERY_1K = "listener: delivery at 1k notifications/s";
  static final String DELIVERY_10K = "listener: delivery at 10k notifications/s";
  static final String KILL = "listener: reconnect after pg_terminate_backend";
  static final String STALL = "listener: detection and reconnect after a silent stall";
  static final String BARE = "bare pgjdbc getNotifications loop";
  static final String DETOUR = "Detour DetourListener";

  private ListenerSection() {}

  static void run(SuiteResults results) {
    String reason = "not measured: the listener module (issue 11) is not on this branch yet";
    for (String scenario : new String[] {DELIVERY_1K, DELIVERY_10K, KILL, STALL}) {
      results.row(scenario, BARE).absent(reason);
      results.row(scenario, DETOUR).absent(reason);
    }
    String why = "the listener module (issue 11) is not on this branch yet";
    for (String rate : new String[] {"1k", "10k"}) {
      results.goal(
          Goal.notMeasured(
              11,
              "delivery at " + rate + "/s: p50 and p99 ≤ 1.1 × bare getNotifications loop",
              why));
    }
    results.goal(Goal.notMeasured(11, "after a kill: RECONNECTED resync within 1 s", why));
    results.goal(
        Goal.notMeasured(
            11, "after a silent stall: detected within heartbeat interval + timeout", why));
  }
}
