package dev.detour.bench.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Collects per-client latency histograms and prints them as one aligned table. */
final class LatencyTable {

  /** One row: a scenario, a client, its successes and failures and its latency histogram. */
  static final class Row {
    final String scenario;
    final String client;
    final Histogram micros = new Histogram(120_000_000L, 3);
    int ok;
    int failed;
    String note = "";

    Row(String scenario, String client) {
      this.scenario = scenario;
      this.client = client;
    }

    void record(long nanos, boolean success) {
      micros.recordValue(Math.max(1, Math.min(120_000_000L, nanos / 1_000)));
      if (success) {
        ok++;
      } else {
        failed++;
      }
    }

    double ms(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    double meanMs() {
      return micros.getMean() / 1000.0;
    }
  }

  private final List<Row> rows = new ArrayList<>();

  List<Row> rows() {
    return List.copyOf(rows);
  }

  Row row(String scenario, String client) {
    Row r = new Row(scenario, client);
    rows.add(r);
    return r;
  }

  String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "| %-22s | %-44s | %4s | %4s | %9s | %9s | %9s | %9s | %9s |%n",
            "scenario",
            "client",
            "ok",
            "fail",
            "mean ms",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms"));
    sb.append("|")
        .append("-".repeat(24))
        .append("|")
        .append("-".repeat(46))
        .append("|------|------|-----------|-----------|-----------|-----------|-----------|\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %-22s | %-44s | %4d | %4d | %9.2f | %9.2f | %9.2f | %9.2f | %9.2f |%n",
              r.scenario,
              r.client,
              r.ok,
              r.failed,
              r.meanMs(),
              r.ms(50),
              r.ms(90),
              r.ms(99),
              r.micros.getMaxValue() / 1000.0));
    }
    for (Row r : rows) {
      if (!r.note.isEmpty()) {
        sb.append("- ").append(r.client).append(": ").append(r.note).append('\n');
      }
    }
    return sb.toString();
  }
}
