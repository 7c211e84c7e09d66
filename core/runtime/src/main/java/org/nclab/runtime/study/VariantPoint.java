package org.nclab.runtime.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's point on a scatter plot: the mean of its rows, with the sample standard deviation
 * of each coordinate when it has several. Rows sharing a variant differ only in their seed (today a
 * study trains each variant once; a {@code seeds} axis adds rows, and their error bars appear).
 *
 * @param n rows averaged
 * @param xSd sample standard deviation (divisor n − 1) of x; 0 for a single row
 */
record VariantPoint(String variant, int n, double x, double y, double xSd, double ySd) {

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
          points.add(new VariantPoint(variant, at.size(), mean(x), mean(y), sd(x), sd(y)));
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

  private static double sd(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double sum = 0;
    for (double x : v) {
      sum += (x - m) * (x - m);
    }
    return Math.sqrt(sum / (v.length - 1));
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
