package dev.detour.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run as Markdown: the command, the machine and its load, every goal with its verdict,
 * one table per scenario (every client, absent ones with the reason), derived figures and caveats.
 * The same text goes into the results file and into BENCHMARKS.md's latest section.
 */
final class ResultsMarkdown {

  private ResultsMarkdown() {}

  static String render(SuiteResults r, String command, String resultsFile) {
    StringBuilder sb = new StringBuilder();
    Machine m = r.machine;
    sb.append("Command (from the repository root):\n\n```\n").append(command).append("\n```\n\n");
    sb.append("- Run: ")
        .append(m.started())
        .append(", mode `")
        .append(r.mode.name().toLowerCase(Locale.ROOT))
        .append("`, commit `")
        .append(m.commit())
        .append(m.dirty() ? "` (work tree had uncommitted changes)" : "`")
        .append(String.format(Locale.ROOT, ", %.0f s in all", r.totalSeconds))
        .append(".\n");
    sb.append("- Machine: ")
        .append(m.cores())
        .append(" cores, ")
        .append(m.jdk())
        .append(", ")
        .append(m.os())
        .append(".\n");
    sb.append("- Load average (1 / 5 / 15 min): ")
        .append(m.loadBefore())
        .append(" at the start, ")
        .append(r.loadAfter)
        .append(" at the end.\n");
    if (resultsFile != null) {
      sb.append("- Every figure, with each sample: `")
          .append(resultsFile)
          .append("` (and `.json`, `.png`, `.svg` beside it).\n");
    }
    sb.append('\n');

    sb.append(
        String.format(Locale.ROOT, "### Goals: %d of %d met%n%n", r.goalsMet(), r.goals.size()));
    sb.append("| issue | goal | this run | verdict |\n|---|---|---|---|\n");
    for (Goal g : r.goals) {
      sb.append("| ")
          .append(g.issue())
          .append(" | ")
          .append(cell(g.text()))
          .append(" | ")
          .append(cell(g.result()))
          .append(" | ")
          .append(g.met() ? "met" : "**not met**")
          .append(" |\n");
    }
    sb.append('\n');

    sb.append("### Latency per client per scenario\n\n");
    sb.append(
        "Full connects (TCP, startup, SCRAM auth, ready for a query). A hung attempt counts at the"
            + " deadline, so a figure marked ≥ is a lower bound.\n\n");
    for (String scenario : r.scenarios()) {
      sb.append("#### ").append(scenario);
      Double secs = r.scenarioSeconds.get(scenario);
      if (secs != null) {
        sb.append(String.format(Locale.ROOT, " (%.0f s)", secs));
      }
      sb.append("\n\n");
      String note = r.scenarioNotes.get(scenario);
      if (note != null) {
        sb.append(note).append("\n\n");
      }
      table(sb, r.rows(scenario));
      sb.append('\n');
    }

    if (!r.derived.isEmpty()) {
      sb.append("### Derived figures\n\n");
      for (Map.Entry<String, String> e : r.derived.entrySet()) {
        sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
      sb.append('\n');
    }
    if (!r.stepSeconds.isEmpty()) {
      sb.append("### Time per step\n\n");
      sb.append("| step | seconds |\n|---|---:|\n");
      for (Map.Entry<String, Double> e : r.stepSeconds.entrySet()) {
        sb.append("| ")
            .append(cell(e.getKey()))
            .append(String.format(Locale.ROOT, " | %.1f |%n", e.getValue()));
      }
      sb.append('\n');
    }
    if (!r.caveats.isEmpty()) {
      sb.append("### Caveats\n\n");
      for (String c : r.caveats) {
        sb.append("- ").append(c).append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void table(StringBuilder sb, List<ResultRow> rows) {
    sb.append("| client | ok | failed | hung | p50 | p99 | max | notes |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (ResultRow row : rows) {
      sb.append("| ").append(cell(row.client)).append(" | ");
      if (!row.measured()) {
        sb.append("– | – | – | – | – | – | ").append(cell(row.absentReason)).append(" |\n");
        continue;
      }
      StringBuilder notes = new StringBuilder(row.note);
      if (row.hung > 0) {
        append(notes, row.hungText());
      }
      if (row.failed > 0 && !row.lastFailure.isEmpty()) {
        append(notes, "last error: " + shorten(row.lastFailure, 160));
      }
      sb.append(row.ok)
          .append(" | ")
          .append(row.failed)
          .append(" | ")
          .append(row.hung)
          .append(" | ")
          .append(row.count() == 0 ? "–" : row.figure(row.ms(50)))
          .append(" | ")
          .append(row.count() == 0 ? "–" : row.figure(row.ms(99)))
          .append(" | ")
          .append(row.count() == 0 ? "–" : row.figure(row.maxMs()))
          .append(" | ")
          .append(cell(notes.toString()))
          .append(" |\n");
    }
  }

  private static void append(StringBuilder notes, String text) {
    if (notes.length() > 0) {
      notes.append("; ");
    }
    notes.append(text);
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace('\n', ' ');
  }
}
