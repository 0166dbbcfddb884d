package dev.detour.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run as JSON: the machine, every row with its counts, percentiles and every sample (in
 * ms), every goal and every derived figure. Written by hand: the shape is flat and fixed.
 */
final class ResultsJson {

  private ResultsJson() {}

  static String render(SuiteResults r, String command) {
    StringBuilder sb = new StringBuilder("{\n");
    Machine m = r.machine;
    field(sb, 1, "command", command).append(",\n");
    field(sb, 1, "mode", r.mode.name().toLowerCase(Locale.ROOT)).append(",\n");
    field(sb, 1, "started", m.started().toString()).append(",\n");
    field(sb, 1, "commit", m.commit()).append(",\n");
    indent(sb, 1).append("\"dirty\": ").append(m.dirty()).append(",\n");
    indent(sb, 1).append("\"cores\": ").append(m.cores()).append(",\n");
    field(sb, 1, "jdk", m.jdk()).append(",\n");
    field(sb, 1, "os", m.os()).append(",\n");
    load(sb, "loadBefore", m.loadBefore()).append(",\n");
    load(sb, "loadAfter", r.loadAfter).append(",\n");
    indent(sb, 1).append("\"totalSeconds\": ").append(num(r.totalSeconds)).append(",\n");

    indent(sb, 1).append("\"scenarios\": [\n");
    List<String> scenarios = r.scenarios();
    for (int s = 0; s < scenarios.size(); s++) {
      String name = scenarios.get(s);
      indent(sb, 2).append("{\n");
      field(sb, 3, "name", name).append(",\n");
      field(sb, 3, "note", r.scenarioNotes.getOrDefault(name, "")).append(",\n");
      Double secs = r.scenarioSeconds.get(name);
      indent(sb, 3).append("\"seconds\": ").append(secs == null ? "null" : num(secs)).append(",\n");
      indent(sb, 3).append("\"rows\": [\n");
      List<ResultRow> rows = r.rows(name);
      for (int i = 0; i < rows.size(); i++) {
        row(sb, rows.get(i));
        sb.append(i + 1 < rows.size() ? ",\n" : "\n");
      }
      indent(sb, 3).append("]\n");
      indent(sb, 2).append(s + 1 < scenarios.size() ? "},\n" : "}\n");
    }
    indent(sb, 1).append("],\n");

    indent(sb, 1).append("\"goals\": [\n");
    for (int i = 0; i < r.goals.size(); i++) {
      Goal g = r.goals.get(i);
      indent(sb, 2)
          .append("{\"issue\": ")
          .append(g.issue())
          .append(", \"goal\": ")
          .append(str(g.text()))
          .append(", \"result\": ")
          .append(str(g.result()))
          .append(", \"met\": ")
          .append(g.met())
          .append(i + 1 < r.goals.size() ? "},\n" : "}\n");
    }
    indent(sb, 1).append("],\n");

    indent(sb, 1).append("\"derived\": {");
    int i = 0;
    for (Map.Entry<String, String> e : r.derived.entrySet()) {
      sb.append(i++ == 0 ? "\n" : ",\n");
      indent(sb, 2).append(str(e.getKey())).append(": ").append(str(e.getValue()));
    }
    sb.append(r.derived.isEmpty() ? "},\n" : "\n  },\n");
    indent(sb, 1).append("\"steps\": [");
    int k = 0;
    for (Map.Entry<String, Double> e : r.stepSeconds.entrySet()) {
      sb.append(k++ == 0 ? "\n" : ",\n");
      indent(sb, 2)
          .append("{\"name\": ")
          .append(str(e.getKey()))
          .append(", \"seconds\": ")
          .append(num(e.getValue()))
          .append("}");
    }
    sb.append(r.stepSeconds.isEmpty() ? "],\n" : "\n  ],\n");
    indent(sb, 1).append("\"caveats\": [");
    for (int c = 0; c < r.caveats.size(); c++) {
      sb.append(c == 0 ? "" : ", ").append(str(r.caveats.get(c)));
    }
    sb.append("]\n}\n");
    return sb.toString();
  }

  private static void row(StringBuilder sb, ResultRow row) {
    indent(sb, 4).append("{");
    sb.append("\"client\": ").append(str(row.client));
    sb.append(", \"measured\": ").append(row.measured());
    if (!row.measured()) {
      sb.append(", \"reason\": ").append(str(row.absentReason)).append("}");
      return;
    }
    sb.append(", \"ok\": ").append(row.ok);
    sb.append(", \"failed\": ").append(row.failed);
    sb.append(", \"hung\": ").append(row.hung);
    sb.append(", \"hungPastSeconds\": ")
        .append(row.hung == 0 ? "null" : num(row.deadlineNanos / 1e9));
    if (row.count() > 0) {
      sb.append(", \"meanMs\": ").append(num(row.meanMs()));
      sb.append(", \"p50Ms\": ").append(num(row.ms(50)));
      sb.append(", \"p90Ms\": ").append(num(row.ms(90)));
      sb.append(", \"p99Ms\": ").append(num(row.ms(99)));
      sb.append(", \"maxMs\": ").append(num(row.maxMs()));
    }
    sb.append(", \"note\": ").append(str(row.note));
    sb.append(", \"lastFailure\": ").append(str(row.lastFailure));
    sb.append(", \"samplesMs\": [");
    long[] samples = row.samples();
    for (int i = 0; i < samples.length; i++) {
      sb.append(i == 0 ? "" : ",").append(num(samples[i] / 1e6));
    }
    sb.append("]}");
  }

  private static StringBuilder load(StringBuilder sb, String name, Machine.Load load) {
    indent(sb, 1).append(str(name)).append(": ");
    if (load == null) {
      return sb.append("null");
    }
    return sb.append("[")
        .append(num(load.one()))
        .append(", ")
        .append(num(load.five()))
        .append(", ")
        .append(num(load.fifteen()))
        .append("]");
  }

  private static StringBuilder field(StringBuilder sb, int depth, String name, String value) {
    return indent(sb, depth).append(str(name)).append(": ").append(str(value));
  }

  private static StringBuilder indent(StringBuilder sb, int depth) {
    return sb.append("  ".repeat(depth));
  }

  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
