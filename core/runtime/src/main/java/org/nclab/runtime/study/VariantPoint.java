package org.nclab.runtime.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's point on a scatter plot: the mean of its rows, with the half-width of each
 * coordinate's 95% Student-t interval when it has several. Rows sharing a variant differ only in
 * their seed ({@code [study] seeds}).
 *
 * @param n rows averaged
 * @param xHalf half-width of x's 95% interval over the rows ({@link VariantMeans.Estimate}); 0 for
 *     a single row
 */
record VariantPoint(String variant, int n, double x, double y, double xHalf, double yHalf) {

  /** Folds rows into one point per variant, in order of first appearance. */
  static List<VariantPoint> of(List<String> variants, List<Double> xs, List<Double> ys) {
    Map<String, List<Integer>> rows = new LinkedHashMap<>();
    for (int i = 0; i < variants.size(); i++) {
      rows.computeIfAbsent(variants.get(i), v -> new ArrayList<>()).add(i);
    }
    List<VariantPoint> points = new ArrayList<>();
    rows.forEach(
        (variant, at) -> {
          double[] x = at.stream().mapToDouble(xs::get).toArray();
          double[] y = at.stream().mapToDouble(ys::get).toArray();
          points.add(new VariantPoint(variant, at.size(), mean(x), mean(y), half(x), half(y)));
        });
    return points;
  }

  /** Whether any variant has several rows, so that error bars mean something. */
  static boolean replicated(List<VariantPoint> points) {
    return points.stream().anyMatch(p -> p.n() > 1);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  private static double half(double[] v) {
    VariantMeans.Estimate e = VariantMeans.Estimate.of(Arrays.stream(v).boxed().toList());
    return e.low() == null ? 0 : e.mean() - e.low();
  }

  /**
   * Ordinary least squares y = intercept + slope·x over all rows, with R²; null for fewer than 3
   * rows or a constant x, where a line says nothing.
   */
  record Fit(double intercept, double slope, double rSquared) {
    static Fit of(List<Double> xs, List<Double> ys) {
      int n = xs.size();
      if (n < 3) {
        return null;
      }
      double mx = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double my = ys.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double sxx = 0;
      double sxy = 0;
      double syy = 0;
      for (int i = 0; i < n; i++) {
        double dx = xs.get(i) - mx;
        double dy = ys.get(i) - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
      }
      if (sxx == 0) {
        return null;
      }
      double slope = sxy / sxx;
      return new Fit(my - slope * mx, slope, syy == 0 ? Double.NaN : sxy * sxy / (sxx * syy));
    }
  }
}
