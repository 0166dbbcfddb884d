package dev.detour.examples.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The side-by-side table of the stacks' results: rows of label and one cell per stack. Used as
 * plain text in the terminal and as a Markdown table in {@code report.md}.
 */
final class SummaryTable {

  private final List<StackSummary> stacks;
  private final List<String[]> rows = new ArrayList<>();

  SummaryTable(List<StackSummary> stacks) {
    this.stacks = stacks;
    row("requests", s -> Long.toString(s.requests()));
    row("errors", s -> Long.toString(s.errors()));
    row("error rate", s -> String.format(Locale.ROOT, "%.2f %%", s.errorRate()));
    row("p50 latency", s -> ProgressPrinter.millis(s.p50Millis()));
    row("p99 latency", s -> ProgressPrinter.millis(s.p99Millis()));
    row("max latency", s -> ProgressPrinter.millis(s.maxMillis()));
    row("longest hang", s -> seconds(s.longestHangSeconds()));
    row(
        "hung at the end",
        s ->
            s.hungAtEnd() == 0
                ? "0"
                : String.format(
                    Locale.ROOT, "%d (hung past %.0f s)", s.hungAtEnd(), s.oldestHungSeconds()));
    row("pool timeouts", s -> Long.toString(s.poolTimeouts()));
    row("fast-fails", s -> Long.toString(s.fastFails()));
    row("connect failures", s -> Long.toString(s.connectFailures()));
    row("failures on open connections", s -> Long.toString(s.queryFailures()));
    row(
        "listener gaps",
        s ->
            s.listenerGaps() == 0
                ? "0"
                : String.format(
                    Locale.ROOT,
                    "%d (%s in total, longest %s)",
                    s.listenerGaps(),
                    seconds(s.listenerGapSeconds()),
                    seconds(s.longestListenerGapSeconds())));
    row("listener at the end", s -> s.listenerConnectedAtEnd() ? "connected" : "NOT connected");
    row(
        "time to recover",
        s -> s.recoverSeconds() < 0 ? "did not recover" : seconds(s.recoverSeconds()));
    row("jobs processed", s -> s.jobsProcessed() + " of " + s.jobsInserted());
    row("jobs delayed > 1 s", s -> Long.toString(s.jobsDelayed()));
    row("jobs lost", s -> Integer.toString(s.jobsLost()));
    row("job latency p99", s -> ProgressPrinter.millis(s.jobP99Millis()));
  }

  private void row(String label, Function<StackSummary, String> cell) {
    String[] r = new String[stacks.size() + 1];
    r[0] = label;
    for (int i = 0; i < stacks.size(); i++) {
      r[i + 1] = cell.apply(stacks.get(i));
    }
    rows.add(r);
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /** Plain text, aligned in columns. */
  String text() {
    int[] widths = new int[stacks.size() + 1];
    widths[0] = "".length();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (int i = 0; i < stacks.size(); i++) {
      widths[i + 1] = Math.max(widths[i + 1], stacks.get(i).stack().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(pad("", widths[0]));
    for (int i = 0; i < stacks.size(); i++) {
      sb.append("   ").append(pad(stacks.get(i).stack(), widths[i + 1]));
    }
    sb.append('\n');
    for (String[] r : rows) {
      sb.append(pad(r[0], widths[0]));
      for (int i = 1; i < r.length; i++) {
        sb.append("   ").append(pad(r[i], widths[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** A Markdown table. */
  String markdown() {
    StringBuilder sb = new StringBuilder("| |");
    for (StackSummary s : stacks) {
      sb.append(' ').append(s.stack()).append(" |");
    }
    sb.append("\n|---|");
    sb.append("---|".repeat(stacks.size()));
    sb.append('\n');
    for (String[] r : rows) {
      sb.append('|');
      for (String c : r) {
        sb.append(' ').append(c).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
