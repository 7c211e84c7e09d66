package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** Relative comparisons for float64 results. */
final class TestAsserts {
  private TestAsserts() {}

  /** |actual − expected| ≤ relative·|expected| (or ≤ relative when expected is 0). */
  static void assertRelative(double expected, double actual, double relative, String what) {
    double scale = Math.max(Math.abs(expected), expected == 0 ? 1 : 0);
    assertTrue(
        Math.abs(actual - expected) <= relative * scale,
        () ->
            what
                + ": expected "
                + expected
                + ", got "
                + actual
                + " (relative error "
                + Math.abs(actual - expected) / scale
                + " > "
                + relative
                + ")");
  }

  /** Every entry within relative·max|expected|. */
  static void assertMatrixRelative(
      double[][] expected, double[][] actual, double relative, String what) {
    double scale = 0;
    for (double[] row : expected) {
      for (double x : row) {
        scale = Math.max(scale, Math.abs(x));
      }
    }
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double error = Math.abs(actual[i][j] - expected[i][j]);
        int row = i;
        int col = j;
        double bound = relative * scale;
        assertTrue(
            error <= bound,
            () -> what + "[" + row + "][" + col + "]: error " + error + " > " + bound);
      }
    }
  }

  /** Same keys, every value within relative. */
  static void assertMetricsRelative(
      Map<String, Double> expected, Map<String, Double> actual, double relative) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String key : expected.keySet()) {
      assertRelative(expected.get(key), actual.get(key), relative, key);
    }
  }

  /** Every value a finite number. */
  static void assertFiniteValues(Map<String, Double> metrics) {
    metrics.forEach(
        (name, value) -> assertTrue(Double.isFinite(value), () -> name + " = " + value));
  }
}
