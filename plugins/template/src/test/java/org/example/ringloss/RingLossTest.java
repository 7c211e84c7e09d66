package org.example.ringloss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nclab.testkit.GradientCheck;

/**
 * The math alone, against hand computations and central differences: only TensorFlow and the kit.
 */
class RingLossTest {

  /** Points away from f = 0, where the norm has a kink and differences mean nothing. */
  private static final double[][] FEATURES = {{3, 4}, {-1, 0.5}, {0.2, -2}};

  @Test
  void penalty_isTheMeanSquaredGapBetweenNormAndRadius() {
    // Norms 5 and 0: ((5 - 1)² + (0 - 1)²) / 2 = 8.5.
    assertEquals(8.5, penalty(new double[][] {{3, 4}, {0, 0}}, 1), 1e-5);
  }

  @Test
  void penalty_isZeroForFeaturesOnTheRing() {
    assertEquals(0, penalty(new double[][] {{0, 2}, {-2, 0}, {1.2, 1.6}}, 2), 1e-6);
  }

  @Test
  void penalty_matchesTheFormulaInFloat64() {
    assertEquals(reference(FEATURES, 1.5), penalty(FEATURES, 1.5f), 1e-5);
  }

  @Test
  void gradient_isTheClosedFormAndZeroForAZeroVector() {
    // d/df of (1/N) Σ (‖f‖ − R)² is (2/N) (‖f‖ − R) f / ‖f‖: for f = (3, 4), R = 1, N = 2 that is
    // 4 (3, 4) / 5 = (2.4, 3.2). For f = 0 it is 0/0 without RingLoss.EPSILON, and 0 with it.
    double[][] gradient =
        GradientCheck.symbolic(
            new double[][] {{3, 4}, {0, 0}}, (tf, f) -> RingLoss.penalty(tf, f, 1f));
    assertArrayEquals(new double[] {2.4, 3.2}, gradient[0], 1e-5);
    assertArrayEquals(new double[] {0, 0}, gradient[1], 1e-6); // within a delta, -0.0 counts as 0
  }

  @Test
  void gradient_matchesCentralDifferences() {
    GradientCheck.assertMatchesCentralDifferences(
        FEATURES, (tf, f) -> RingLoss.penalty(tf, f, 1.5f));
    GradientCheck.assertMatchesReference(
        FEATURES, (tf, f) -> RingLoss.penalty(tf, f, 1.5f), f -> reference(f, 1.5));
  }

  private static double penalty(double[][] features, float radius) {
    return GradientCheck.value(features, (tf, f) -> RingLoss.penalty(tf, f, radius));
  }

  /** (1/N) Σ (‖f_i‖ − R)², written out in float64. */
  private static double reference(double[][] features, double radius) {
    double sum = 0;
    for (double[] row : features) {
      double squared = 0;
      for (double v : row) {
        squared += v * v;
      }
      double gap = Math.sqrt(squared) - radius;
      sum += gap * gap;
    }
    return sum / features.length;
  }
}
