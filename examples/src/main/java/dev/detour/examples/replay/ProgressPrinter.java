package dev.detour.examples.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live progress: a banner when a phase begins, then one line per second per stack. With colour
 * (a terminal), stack names and non-zero errors are highlighted; otherwise the output is plain text
 * without control codes, fit for logs and CI.
 */
final class ProgressPrinter {

  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String CYAN = "\u001b[36m";

  private final PrintStream out;
  private final boolean color;

  ProgressPrinter(PrintStream out, boolean color) {
    this.out = out;
    this.color = color;
  }

  void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }

  void phase(int index, int count, String label, double atSeconds) {
    String text =
        String.format(
            Locale.ROOT, "-- %5.1fs  phase %d/%d: %s", atSeconds, index + 1, count, label);
    out.println(color ? BOLD + CYAN + text + RESET : text);
    out.flush();
  }

  void second(String stack, StackRecorder.Second s) {
    String name = String.format(Locale.ROOT, "%-8s", stack);
    String errors = String.format(Locale.ROOT, "%4d", s.errors());
    if (color) {
      name = BOLD + name + RESET;
      errors = (s.errors() > 0 ? RED : GREEN) + errors + RESET;
    }
    out.println(
        String.format(
            Locale.ROOT,
            "%4ds %s req %4d err %s p99 %8s  longest wait %6.1fs  pool %2d active %3d waiting"
                + "  listener %s",
            s.index() + 1,
            name,
            s.requests(),
            errors,
            s.requests() == 0 ? "-" : millis(s.p99Millis()),
            s.longestInFlightMillis() / 1000.0,
            s.active(),
            s.waiting(),
            s.listener()));
    out.flush();
  }

  static String millis(double ms) {
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
