package dev.detour.bench.suite;

/**
 * A goal from an issue and this run's verdict on it. An unmet or unmeasured goal stays in the table
 * as not met.
 *
 * @param issue the issue number that set the goal
 * @param text the goal, as the issue states it
 * @param result the figures this run measured for it, or why it was not measured
 * @param met whether this run met it
 */
public record Goal(int issue, String text, String result, boolean met) {

  /** A goal this run could not measure, with the reason: not met. */
  static Goal notMeasured(int issue, String text, String reason) {
    return new Goal(issue, text, "not measured: " + reason, false);
  }
}
