package dev.detour.examples.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bars Detour must meet in a replay, judged on one stack's record:
 *
 * <ol>
 *   <li>no failed request that started while at least one address was healthy, unless it failed on
 *       an established connection while a fault was killing open connections, or up to {@link
 *       #IDLE_CHECK_NANOS} before it began (a stalled or reset connection: no client can save the
 *       query already sent on it);
 *   <li>no request longer than the connect budget plus the pooled socket timeout (requests still
 *       hung at the end count with their age);
 *   <li>the listener is connected at the end, and no job was lost.
 * </ol>
 *
 * The baseline is judged by the same bars in the report, for comparison; only Detour's verdict
 * decides the exit code.
 */
final class Bars {

  /**
   * A pooled connection that a fault killed while it sat idle can be handed out once more: HikariCP
   * checks a connection only when it has been idle for 500 ms. So a fault killing connections up to
   * this long before a request began excuses a failure on the connection it got.
   */
  static final long IDLE_CHECK_NANOS = 1_000_000_000L;

  private Bars() {}

  /** One bar's outcome. */
  record Outcome(String bar, boolean met, String detail) {}

  static List<Outcome> judge(
      StackSummary s,
      List<StackRecorder.Failure> failures,
      FaultTimeline timeline,
      int fleetSize,
      Duration requestBound) {
    List<Outcome> out = new ArrayList<>();
    int bad = 0;
    StackRecorder.Failure first = null;
    for (StackRecorder.Failure f : failures) {
      boolean healthyAtStart = timeline.healthyAt(f.start(), fleetSize) >= 1;
      boolean excused =
          f.kind().onEstablishedConnection()
              && timeline.killingDuring(f.start() - IDLE_CHECK_NANOS, f.end());
      if (healthyAtStart && !excused) {
        bad++;
        if (first == null) {
          first = f;
        }
      }
    }
    out.add(
        new Outcome(
            "no failed request while an address was healthy",
            bad == 0,
            bad == 0
                ? "every failure started with no healthy address, or on a connection a fault killed"
                : String.format(
                    Locale.ROOT,
                    "%d such failures; the first at %.1fs after %.0f ms (%s): %s",
                    bad,
                    first.start() / 1e9,
                    (first.end() - first.start()) / 1e6,
                    first.kind().label(),
                    first.message())));
    double bound = requestBound.toMillis() / 1000.0;
    double longest = s.longestHangSeconds();
    out.add(
        new Outcome(
            String.format(Locale.ROOT, "no request longer than %.0fs", bound),
            longest <= bound,
            String.format(
                Locale.ROOT,
                "longest request %.1fs%s",
                longest,
                s.hungAtEnd() > 0
                    ? String.format(
                        Locale.ROOT,
                        " (%d still hung at the end, the oldest for %.1fs)",
                        s.hungAtEnd(),
                        s.oldestHungSeconds())
                    : "")));
    boolean listenerOk = s.listenerConnectedAtEnd() && s.jobsLost() == 0;
    out.add(
        new Outcome(
            "listener recovered and no job lost",
            listenerOk,
            String.format(
                Locale.ROOT,
                "listener %s at the end; %d of %d jobs processed, %d lost",
                s.listenerConnectedAtEnd() ? "connected" : "NOT connected",
                s.jobsProcessed(),
                s.jobsInserted(),
                s.jobsLost())));
    return out;
  }
}
