package dev.detour.examples.replay;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the replay's chart with XChart: two panels over the same timeline, each stack's per-second
 * p99 latency (log scale, with the longest wait in flight dashed) above and its errors per second
 * below, with the fault phases shaded and labelled. Written as {@code chart.png} and {@code
 * chart.svg} (through XChart's VectorGraphics2D dependency).
 */
final class ReplayChart {

  static final String PNG = "chart.png";
  static final String SVG = "chart.svg";

  private static final int WIDTH = 1200;
  private static final int PANEL_HEIGHT = 380;
  private static final double MIN_MILLIS = 0.1;
  private static final Map<String, Color> COLORS =
      Map.of(
          BaselineStack.NAME,
          new Color(0xd6, 0x27, 0x28),
          DetourStack.NAME,
          new Color(0x1f, 0x77, 0xb4));
  private static final Set<String> CALM_PHASES = Set.of("healthy", "recovered", "awake");
  private static final Color SHADE = new Color(255, 160, 0, 40);
  private static final Color SHADE_TEXT = new Color(150, 80, 0);

  private ReplayChart() {}

  static void write(ReplayResult r, Path dir) throws IOException {
    XYChart latency = latencyChart(r);
    XYChart errors = errorChart(r);
    BufferedImage image = new BufferedImage(WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    paint(g, r, latency, errors);
    g.dispose();
    ImageIO.write(image, "png", dir.resolve(PNG).toFile());

    VectorGraphics2D vg = new VectorGraphics2D();
    paint(vg, r, latency, errors);
    Document doc =
        new SVGProcessor()
            .getDocument(vg.getCommands(), new PageSize(0, 0, WIDTH, 2 * PANEL_HEIGHT));
    try (OutputStream out = Files.newOutputStream(dir.resolve(SVG))) {
      doc.writeTo(out);
    }
  }

  private static void paint(Graphics2D g, ReplayResult r, XYChart top, XYChart bottom) {
    AffineTransform base = g.getTransform();
    top.paint(g, WIDTH, PANEL_HEIGHT);
    shade(g, r, top, true);
    g.setTransform(base);
    g.translate(0, PANEL_HEIGHT);
    bottom.paint(g, WIDTH, PANEL_HEIGHT);
    shade(g, r, bottom, false);
    g.setTransform(base);
  }

  /** Shades each fault phase over the plot area, and labels it on the top panel. */
  private static void shade(Graphics2D g, ReplayResult r, XYChart chart, boolean label) {
    double yTop = chart.getScreenYFromChart(chart.getStyler().getYAxisMax());
    double yBottom = chart.getScreenYFromChart(chart.getStyler().getYAxisMin());
    for (ReplayResult.PhaseRun p : r.phases()) {
      if (CALM_PHASES.contains(p.name())) {
        continue;
      }
      double x0 = chart.getScreenXFromChart(p.startSeconds());
      double x1 = chart.getScreenXFromChart(p.endSeconds());
      g.setColor(SHADE);
      g.fill(new Rectangle2D.Double(x0, yTop, x1 - x0, yBottom - yTop));
      g.setColor(SHADE_TEXT);
      g.setStroke(new BasicStroke(1f));
      g.draw(new Line2D.Double(x0, yTop, x0, yBottom));
      if (label) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(p.label(), (float) x0 + 4, (float) yTop + 14);
      }
    }
  }

  private static XYChart latencyChart(ReplayResult r) {
    XYChart chart =
        base(
            r,
            "per-second p99 request latency (ms, log scale); dashed: longest wait in flight",
            "ms");
    double max = MIN_MILLIS * 10;
    for (Map.Entry<String, List<StackRecorder.Second>> e : r.seconds().entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      List<Double> wait = new ArrayList<>();
      for (StackRecorder.Second s : e.getValue()) {
        x.add(s.index() + 1.0);
        p99.add(s.requests() == 0 ? null : Math.max(MIN_MILLIS, s.p99Millis())); // a gap
        wait.add(Math.max(MIN_MILLIS, s.longestInFlightMillis()));
        max = Math.max(max, Math.max(s.p99Millis(), s.longestInFlightMillis()));
      }
      if (x.isEmpty()) {
        continue;
      }
      Color color = COLORS.getOrDefault(e.getKey(), Color.DARK_GRAY);
      XYSeries a = chart.addSeries(e.getKey() + " p99", x, p99);
      a.setLineColor(color);
      a.setMarker(SeriesMarkers.NONE);
      a.setLineWidth(2f);
      XYSeries b = chart.addSeries(e.getKey() + " longest wait", x, wait);
      b.setLineColor(color);
      b.setMarker(SeriesMarkers.NONE);
      b.setLineStyle(SeriesLines.DASH_DASH);
      b.setLineWidth(1f);
    }
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(MIN_MILLIS);
    chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.01))));
    return chart;
  }

  private static XYChart errorChart(ReplayResult r) {
    XYChart chart = base(r, "errors per second", "errors / s");
    double max = 1;
    for (Map.Entry<String, List<StackRecorder.Second>> e : r.seconds().entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (StackRecorder.Second s : e.getValue()) {
        x.add(s.index() + 1.0);
        y.add((double) s.errors());
        max = Math.max(max, s.errors());
      }
      if (x.isEmpty()) {
        continue;
      }
      XYSeries a = chart.addSeries(e.getKey() + " errors", x, y);
      a.setLineColor(COLORS.getOrDefault(e.getKey(), Color.DARK_GRAY));
      a.setMarker(SeriesMarkers.NONE);
      a.setLineWidth(2f);
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(Math.ceil(max * 1.1));
    return chart;
  }

  private static XYChart base(ReplayResult r, String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(PANEL_HEIGHT)
            .title(r.options().scenario().id() + ": " + title)
            .xAxisTitle("seconds")
            .yAxisTitle(yTitle)
            .build();
    Styler s = chart.getStyler();
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(Math.ceil(r.endSeconds()));
    chart.getStyler().setPlotGridLinesStroke(new BasicStroke(0.5f));
    return chart;
  }
}
