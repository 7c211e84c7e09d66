package org.nclab.runtime.study;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The study's charts, drawn with XChart and encoded as PNG (for viewers) and SVG (for the HTML
 * report and papers): NC1 against accuracy with every point labelled by its run, NC1 per layer,
 * and training curves.
 */
final class StudyPlots {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 480;

  /** A chart in both encodings; {@code name} is its file name without extension. */
  record Plot(String name, String title, byte[] png, byte[] svg) {}

  StudyPlots() {
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
    plots.add(perLayer("nc1-per-layer-source", "NC1 per layer on the source train split", results,
        run -> run.sourceNc1().getOrDefault("train", Map.of())));
    Set<String> downstreams = new LinkedHashSet<>();
    results.runs().forEach(r -> downstreams.addAll(r.downstreamNc1().keySet()));
    for (String downstream : downstreams) {
      plots.add(perLayer("nc1-per-layer-" + downstream, "NC1 per layer, frozen, on " + downstream + " train",
          results, run -> run.downstreamNc1().getOrDefault(downstream, Map.of())));
    }
    plots.add(curves("training-loss", "Training loss per epoch", "train loss", results, RunSummary.EpochPoint::trainLoss));
    plots.add(curves("test-accuracy", "Source test accuracy per epoch", "test accuracy", results,
        RunSummary.EpochPoint::testAccuracy));
    return plots.stream().filter(p -> p != null).toList();
  }

  private Plot scatter(String name, StudyResults.CorrelationResult c) {
    XYChart chart = chart(c.question(), c.x(), c.y());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setMarkerSize(9);
    XYSeries series = chart.addSeries("runs", c.xs(), c.ys());
    series.setMarker(SeriesMarkers.CIRCLE);
    for (int i = 0; i < c.xs().size(); i++) {
      chart.addAnnotation(new AnnotationText(c.variants().get(i), c.xs().get(i), c.ys().get(i), false));
    }
    String subtitle = String.format("Spearman %s, Pearson %s, n = %d",
        format(c.spearman()), format(c.pearson()), c.xs().size());
    chart.setTitle(c.question() + " — " + subtitle);
    return encode(name, c.question(), chart);
  }

  private Plot perLayer(String name, String title, StudyResults results, Function<RunSummary, Map<String, Double>> nc1) {
    List<String> taps = new ArrayList<>();
    for (RunSummary run : results.runs()) {
      nc1.apply(run).keySet().forEach(tap -> {
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
    chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
      int i = (int) Math.round(x) - 1;
      return i >= 0 && i < taps.size() && Math.abs(x - Math.round(x)) < 1e-9 ? taps.get(i) : "";
    });
    for (RunSummary run : results.runs()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      nc1.apply(run).forEach((tap, value) -> {
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

  private Plot curves(String name, String title, String yTitle, StudyResults results,
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

  private static XYChart chart(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  private static Plot encode(String name, String title, XYChart chart) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      ByteArrayOutputStream svg = new ByteArrayOutputStream();
      VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      return new Plot(name, title, png, svg.toByteArray());
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
