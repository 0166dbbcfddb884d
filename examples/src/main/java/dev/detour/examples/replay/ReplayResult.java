package dev.detour.examples.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished replay knows, for the table, the reports and the chart.
 *
 * @param phases the phases as they ran, in seconds since the replay began
 * @param seconds each stack's per-second record, by stack name
 * @param bars each stack's outcome on the bars, by stack name
 * @param requestBound the bar on a request's length: Detour's connect budget plus its pooled socket
 *     timeout
 * @param endSeconds when the replay ended (after the drain), in seconds since it began
 */
record ReplayResult(
    ReplayOptions options,
    Instant startedAt,
    String hostName,
    List<String> addresses,
    List<PhaseRun> phases,
    List<StackSummary> stacks,
    Map<String, List<StackRecorder.Second>> seconds,
    Map<String, List<Bars.Outcome>> bars,
    List<FaultTimeline.Mark> faults,
    Duration requestBound,
    double endSeconds) {

  /** The name of the stack whose bars decide the exit code. */
  static final String JUDGED = DetourStack.NAME;

  /** One phase as it ran. */
  record PhaseRun(String name, String label, double startSeconds, double endSeconds) {}

  /** Whether Detour met every bar. */
  boolean passed() {
    return bars.get(JUDGED).stream().allMatch(Bars.Outcome::met);
  }

  /** The bars Detour missed, as one line; empty if none. */
  String failureReason() {
    StringBuilder sb = new StringBuilder();
    for (Bars.Outcome o : bars.get(JUDGED)) {
      if (!o.met()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(o.bar()).append(": ").append(o.detail());
      }
    }
    return sb.toString();
  }

  StackSummary stack(String name) {
    return stacks.stream().filter(s -> s.stack().equals(name)).findFirst().orElseThrow();
  }
}
