package org.nclab.runtime.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The study's charts, drawn with XChart and encoded as PNG at print resolution and SVG (for the
 * HTML report and papers): NC1 against accuracy with every point labelled by its variant beside its
 * marker, error bars where a variant has several seeds and an optional least-squares line, NC1 per
 * layer, and training curves. Titles are shortened to fit; the report's caption has them whole.
 */
final class StudyPlots {
  static final int WIDTH = 760;
  static final int HEIGHT = 520;

  /** Print resolution of the PNGs: 760 × 520 points become 3166 × 2166 pixels. */
  static final int DPI = 300;

  private static final int MARKER = 9;
  private static final int TITLE_MARGIN = 16;

  private final boolean fitLine;

  /** A chart in both encodings; {@code name} is its file name without extension. */
  record Plot(String name, String title, byte[] png, byte[] svg) {}

  /**
   * @param fitLine draw the least-squares line on scatter plots of 3 or more points
   */
  StudyPlots(boolean fitLine) {
    this.fitLine = fitLine;
    // Charts are drawn off screen; without this a machine with no display fails in AWT.
    System.setProperty("java.awt.headless", "true");
  }

  List<Plot> all(StudyResults results) {
    List<Plot> plots = new ArrayList<>();
    int index = 0;
    for (StudyResults.CorrelationResult c : results.correlations()) {
      index++;
      if (c.xs().isEmpty()) {
        continue;
      }
      plots.add(scatter(String.format("correlation-%02d", index), c));
    }
    plots.addAll(scarcity(results));
    plots.add(
        perLayer(
            "nc1-per-layer-source",
            "NC1 per layer on the source train split",
            results,
            run -> run.sourceNc1().getOrDefault("train", Map.of())));
    Set<String> downstreams = new LinkedHashSet<>();
    results.runs().forEach(r -> downstreams.addAll(r.downstreamNc1().keySet()));
    for (String downstream : downstreams) {
      plots.add(
          perLayer(
              "nc1-per-layer-" + downstream,
              "NC1 per layer, frozen, on " + downstream + " train",
              results,
              run -> run.downstreamNc1().getOrDefault(downstream, Map.of())));
    }
    plots.add(
        curves(
            "training-loss",
            "Training loss per epoch",
            "train loss",
            results,
            RunSummary.EpochPoint::trainLoss));
    plots.add(
        curves(
            "test-accuracy",
            "Source test accuracy per epoch",
            "test accuracy",
            results,
            RunSummary.EpochPoint::testAccuracy));
    return plots.stream().filter(p -> p != null).toList();
  }

  private Plot scatter(String name, StudyResults.CorrelationResult c) {
    List<VariantPoint> points = VariantPoint.of(c.variants(), c.xs(), c.ys());
    boolean bars = VariantPoint.replicated(points);
    String statistics =
        String.format(
            "Spearman %s, Pearson %s, %d variants%s",
            format(c.spearman()),
            format(c.pearson()),
            points.size(),
            bars ? ", " + c.xs().size() + " runs" : "");
    XYChart chart = chart(c.question(), c.x(), c.y());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setMarkerSize(MARKER);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    // Error bars are drawn on the accuracy only, so x spans the means; an accuracy's t interval
    // can pass 1 with few seeds, and the axis stops there (the bar is cut at the plot's edge).
    double[] xRange = padded(points.stream().map(VariantPoint::x).toList());
    double[] yRange =
        padded(
            points.stream()
                .flatMap(p -> Stream.of(p.y() - p.yHalf(), Math.min(1.0, p.y() + p.yHalf())))
                .toList());
    chart.getStyler().setXAxisMin(xRange[0]).setXAxisMax(xRange[1]);
    chart.getStyler().setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);

    List<Double> xs = points.stream().map(VariantPoint::x).toList();
    List<Double> ys = points.stream().map(VariantPoint::y).toList();
    String label = (bars ? "means, 95% intervals over seeds" : "variants") + ": " + statistics;
    XYSeries series =
        bars
            ? chart.addSeries(label, xs, ys, points.stream().map(VariantPoint::yHalf).toList())
            : chart.addSeries(label, xs, ys);
    series.setMarker(SeriesMarkers.CIRCLE);
    VariantPoint.Fit fit = fitLine ? VariantPoint.Fit.of(xs, ys) : null;
    if (fit != null) {
      XYSeries line =
          chart.addSeries(
              String.format(
                  "least squares: y = %.4g %s %.4g·x (slope %.4g, R² = %.3f)",
                  fit.intercept(),
                  fit.slope() < 0 ? "−" : "+",
                  Math.abs(fit.slope()),
                  fit.slope(),
                  fit.rSquared()),
              List.of(xRange[0], xRange[1]),
              List.of(
                  fit.intercept() + fit.slope() * xRange[0],
                  fit.intercept() + fit.slope() * xRange[1]));
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineStyle(
          new BasicStroke(
              1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    }
    List<String> crowded = label(chart, points);
    String caption =
        c.question()
            + " — "
            + statistics
            + (fit == null ? "" : String.format("; least-squares slope %.4g", fit.slope()))
            + (crowded.isEmpty()
                ? ""
                : "; labels left out for lack of room: " + String.join(", ", crowded));
    return encode(name, caption, chart);
  }

  /** The data range with room around it for labels; a single value gets a unit-sized range. */
  private static double[] padded(List<Double> values) {
    double low = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double high = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double span = high - low;
    if (span <= 0) {
      span = Math.max(Math.abs(low) * 0.2, 0.1);
    }
    return new double[] {low - 0.12 * span, high + 0.12 * span};
  }

  /**
   * Names every point beside its marker: lays the chart out once to learn where the plot area and
   * markers are, places the labels ({@link LabelPlacement}) and adds them in screen space.
   *
   * @return the variants whose label found no free spot
   */
  private static List<String> label(XYChart chart, List<VariantPoint> points) {
    BufferedImage scratch = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    try {
      chart.paint(g, WIDTH, HEIGHT);
      Font font = chart.getStyler().getAnnotationTextFont();
      double left = chart.getScreenXFromChart(chart.getStyler().getXAxisMin());
      double right = chart.getScreenXFromChart(chart.getStyler().getXAxisMax());
      double top = chart.getScreenYFromChart(chart.getStyler().getYAxisMax());
      double bottom = chart.getScreenYFromChart(chart.getStyler().getYAxisMin());
      LabelPlacement.Box area =
          new LabelPlacement.Box(left + 2, top + 2, right - left - 4, bottom - top - 4);
      List<double[]> markers = new ArrayList<>();
      List<double[]> sizes = new ArrayList<>();
      List<Rectangle2D> outlines = new ArrayList<>();
      for (VariantPoint p : points) {
        markers.add(
            new double[] {chart.getScreenXFromChart(p.x()), chart.getScreenYFromChart(p.y())});
        Rectangle2D outline =
            new TextLayout(p.variant(), font, g.getFontRenderContext())
                .getOutline(null)
                .getBounds2D();
        outlines.add(outline);
        sizes.add(new double[] {outline.getWidth() + 2, outline.getHeight() + 2});
      }
      List<LabelPlacement.Box> boxes =
          new LabelPlacement(MARKER / 2.0 + 1, 4).place(markers, sizes, area);
      List<String> crowded = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        LabelPlacement.Box box = boxes.get(i);
        if (box == null) {
          crowded.add(points.get(i).variant());
          continue;
        }
        // AnnotationText in screen space: x is the text's centre, y counts up from the chart's
        // bottom
        // and the outline is drawn from the baseline at (height - y + outline height / 2).
        Rectangle2D o = outlines.get(i);
        double x = box.x() + 1 + o.getWidth() / 2 - o.getX();
        double y = HEIGHT - (box.y() + 1 - o.getHeight() / 2 - o.getY());
        chart.addAnnotation(new AnnotationText(points.get(i).variant(), x, y, true));
      }
      return crowded;
    } finally {
      g.dispose();
    }
  }

  /**
   * Data-scarcity curves: for each downstream dataset and transfer (method, block, wiring) that ran
   * with two or more shot counts, test accuracy against images per class (the counts evenly
   * spaced), one line per variant at its mean over draws and seeds, with the 95% Student-t interval
   * as error bars.
   */
  private List<Plot> scarcity(StudyResults results) {
    // downstream -> transfer -> variant -> shots -> accuracies
    Map<String, Map<String, Map<String, Map<Integer, List<Double>>>>> curves =
        new LinkedHashMap<>();
    for (ResultRow row : results.rows()) {
      var t = row.transfer();
      if (t == null || t.shotsPerClass() == null || !row.status().startsWith("ok")) {
        continue;
      }
      String transfer =
          t.method()
              + (t.block() == null ? "" : " " + t.block())
              + (t.variant() == null ? "" : " " + t.variant());
      curves
          .computeIfAbsent(String.valueOf(row.downstream()), k -> new LinkedHashMap<>())
          .computeIfAbsent(transfer, k -> new LinkedHashMap<>())
          .computeIfAbsent(row.group(), k -> new TreeMap<>())
          .computeIfAbsent(t.shotsPerClass(), k -> new ArrayList<>())
          .add(t.testAccuracy());
    }
    List<Plot> plots = new ArrayList<>();
    curves.forEach(
        (downstream, transfers) ->
            transfers.forEach(
                (transfer, variants) -> {
                  boolean curve =
                      variants.values().stream().anyMatch(byShots -> byShots.size() > 1);
                  if (!curve) {
                    return;
                  }
                  String title = transfer + " on " + downstream + ": accuracy vs images per class";
                  // The shot counts, evenly spaced and labelled (1, 5, 10, 50 are near a log
                  // scale).
                  List<Integer> counts =
                      variants.values().stream()
                          .flatMap(byShots -> byShots.keySet().stream())
                          .distinct()
                          .sorted()
                          .toList();
                  XYChart chart = chart(title, "images per class", "test accuracy");
                  chart.getStyler().setErrorBarsColorSeriesColor(true);
                  chart.getStyler().setxAxisTickLabelsFormattingFunction(atPositions(counts));
                  variants.forEach(
                      (variant, byShots) -> {
                        List<Double> xs = new ArrayList<>();
                        List<Double> ys = new ArrayList<>();
                        List<Double> bars = new ArrayList<>();
                        byShots.forEach(
                            (shots, accuracies) -> {
                              VariantMeans.Estimate e = VariantMeans.Estimate.of(accuracies);
                              xs.add((double) counts.indexOf(shots) + 1);
                              ys.add(e.mean());
                              bars.add(e.low() == null ? 0 : e.mean() - e.low());
                            });
                        chart.addSeries(variant, xs, ys, bars).setMarker(SeriesMarkers.CIRCLE);
                      });
                  plots.add(
                      encode(
                          "scarcity-" + Names.safe(downstream + "-" + transfer.replace(' ', '-')),
                          title + " (mean and 95% interval over draws and seeds)",
                          chart));
                }));
    return plots;
  }

  /** Tick labels for a categorical axis: {@code labels[i]} at x = i + 1, nothing elsewhere. */
  private static Function<Double, String> atPositions(List<?> labels) {
    return x -> {
      int i = (int) Math.round(x) - 1;
      return i >= 0 && i < labels.size() && Math.abs(x - Math.round(x)) < 1e-9
          ? String.valueOf(labels.get(i))
          : "";
    };
  }

  private Plot perLayer(
      String name,
      String title,
      StudyResults results,
      Function<RunSummary, Map<String, Double>> nc1) {
    List<String> taps = new ArrayList<>();
    for (RunSummary run : results.runs()) {
      nc1.apply(run)
          .keySet()
          .forEach(
              tap -> {
                if (!taps.contains(tap)) {
                  taps.add(tap);
                }
              });
    }
    if (taps.isEmpty()) {
      return null;
    }
    XYChart chart = chart(title, "layer (" + String.join(", ", taps) + ")", "NC1 (log scale)");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(atPositions(taps));
    for (RunSummary run : results.runs()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      nc1.apply(run)
          .forEach(
              (tap, value) -> {
                if (value > 0 && Double.isFinite(value)) {
                  xs.add((double) taps.indexOf(tap) + 1);
                  ys.add(value);
                }
              });
      if (!xs.isEmpty()) {
        chart.addSeries(run.variant(), xs, ys);
      }
    }
    return chart.getSeriesMap().isEmpty() ? null : encode(name, title, chart);
  }

  private Plot curves(
      String name,
      String title,
      String yTitle,
      StudyResults results,
      Function<RunSummary.EpochPoint, Double> value) {
    XYChart chart = chart(title, "epoch", yTitle);
    for (RunSummary run : results.runs()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (RunSummary.EpochPoint point : run.curve()) {
        Double y = value.apply(point);
        if (y != null && Double.isFinite(y)) {
          xs.add((double) point.epoch());
          ys.add(y);
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(run.variant(), xs, ys);
      }
    }
    return chart.getSeriesMap().isEmpty() ? null : encode(name, title, chart);
  }

  /** A chart whose title fits its width (the full title goes to the report's caption). */
  private static XYChart chart(String title, String x, String y) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
    chart.setTitle(fitted(title, chart.getStyler().getChartTitleFont(), WIDTH - 2 * TITLE_MARGIN));
    return chart;
  }

  /**
   * {@code text}, or its longest word-boundary prefix with "…" that is at most {@code width} pixels
   * wide.
   */
  static String fitted(String text, Font font, double width) {
    FontRenderContext context = new FontRenderContext(null, true, true);
    if (font.getStringBounds(text, context).getWidth() <= width) {
      return text;
    }
    String[] words = text.split(" ");
    StringBuilder kept = new StringBuilder();
    for (String word : words) {
      String next = (kept.length() == 0 ? "" : kept + " ") + word;
      if (font.getStringBounds(next + " …", context).getWidth() > width) {
        break;
      }
      kept.setLength(0);
      kept.append(next);
    }
    return kept + " …";
  }

  /** PNG at print resolution ({@value #DPI} dpi, recorded in the file) and SVG. */
  private static Plot encode(String name, String title, XYChart chart) {
    try {
      Path dir = Files.createTempDirectory("nclab-plot");
      try {
        BitmapEncoder.saveBitmapWithDPI(
            chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG, DPI);
        byte[] png = Files.readAllBytes(dir.resolve(name + ".png"));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(
            chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return new Plot(name, title, png, svg.toByteArray());
      } finally {
        Files.deleteIfExists(dir.resolve(name + ".png"));
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw " + name + ": " + e.getMessage(), e);
    }
  }

  static String format(Correlation c) {
    if (!c.defined()) {
      return "undefined";
    }
    if (Double.isNaN(c.low())) {
      return String.format("%.3f", c.coefficient());
    }
    return String.format("%.3f [%.3f, %.3f]", c.coefficient(), c.low(), c.high());
  }
}
