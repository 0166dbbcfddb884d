package dev.detour.bench.suite;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws connect latency per client per scenario on a log scale (XChart): one column per measured
 * row, with its p50, p99 and max as markers. Rows without a sample (absent clients) have no column;
 * the Markdown table lists them with the reason. Hung attempts are plotted at the deadline.
 */
final class LatencyChart {

  private LatencyChart() {}

  /** Writes {@code base}.png and {@code base}.svg. */
  static void write(SuiteResults results, Path base) throws IOException {
    List<String> labels = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    for (ResultRow r :
        results.scenarios().stream().flatMap(s -> results.rows(s).stream()).toList()) {
      if (!r.measured() || r.count() == 0) {
        continue;
      }
      // short labels: long ones take the chart's height from the plot (the tables have full names)
      labels.add(
          ResultsMarkdown.shorten(
              String.format(Locale.ROOT, "%02d %s | %s", labels.size() + 1, scenario(r), client(r)),
              60));
      p50.add(Math.max(0.001, r.ms(50)));
      p99.add(Math.max(0.001, r.ms(99)));
      max.add(Math.max(0.001, r.maxMs()));
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(1200, 34 * labels.size() + 200))
            .height(1400)
            .title(
                "Latency per client per scenario: connects; pool requests; listener delivery ("
                    + results.machine.commit()
                    + ", "
                    + results.mode.name().toLowerCase(Locale.ROOT)
                    + "; hung attempts plotted at the deadline)")
            .xAxisTitle("scenario | client")
            .yAxisTitle("ms, log scale")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    if (!labels.isEmpty()) {
      chart.addSeries("p50", labels, p50).setMarker(SeriesMarkers.CIRCLE);
      chart.addSeries("p99", labels, p99).setMarker(SeriesMarkers.DIAMOND);
      chart.addSeries("max", labels, max).setMarker(SeriesMarkers.TRIANGLE_UP);
    }
    BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
  }

  private static String scenario(ResultRow r) {
    return r.scenario.replace("black-holed", "bh").replace(" (a new router's first connects)", "");
  }

  private static String client(ResultRow r) {
    String c = r.client;
    if (c.startsWith(ConnectLab.PLAIN_ONE_ADDRESS)) {
      return "pgjdbc, one IP";
    } else if (c.equals(ConnectLab.PLAIN_FIRST)) {
      return "pgjdbc defaults, hosts file";
    } else if (c.equals(ConnectLab.PLAIN_TIMEOUTS)) {
      return "pgjdbc 12 hosts + timeouts";
    } else if (c.equals(ConnectLab.AWS_WRAPPER)) {
      return "AWS JDBC Wrapper";
    } else if (c.equals(ConnectLab.LIBPQ_STRATEGY)) {
      return "libpq strategy";
    } else if (c.startsWith("psql")) {
      return "psql (libpq)";
    }
    return ResultsMarkdown.shorten(c.replace("jdbc:detour:, ", ""), 40);
  }
}
