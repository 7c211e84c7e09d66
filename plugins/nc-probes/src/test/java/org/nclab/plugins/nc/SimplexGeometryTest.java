package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.nclab.plugins.nc.TestAsserts.assertRelative;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.probe.ClassifierWeights;

/** NC2 and NC3 on small examples worked out by hand. */
class SimplexGeometryTest {
  /** A regular tetrahedron centred at 0: the simplex ETF for K = 4 in 3-D, exact in float. */
  private static final double[][] TETRAHEDRON = {
    {1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1},
  };

  /** Means m = (1,0), (0,1), (−1,−1): they sum to 0 but are not an ETF. */
  private static final double[][] SKEWED = {{1, 0}, {0, 1}, {-1, -1}};

  @Test
  void simplexEtf_hasZeroNc2_andAClassifierEqualToItsMeans_zeroNc3() {
    LabelledFeatures data = atMeans(TETRAHEDRON, 3);
    Map<String, Double> metrics =
        NcMetrics.compute(data.statistics(5).moments(), classifier(TETRAHEDRON, 2.0), false, 1e-10);
    assertEquals(0.0, metrics.get(NcMetrics.EQUINORM_MEANS), 1e-15);
    assertEquals(0.0, metrics.get(NcMetrics.ETF_DISTANCE_MEANS), 1e-15);
    assertEquals(0.0, metrics.get(NcMetrics.COHERENCE_MEANS), 1e-15);
    assertEquals(0.0, metrics.get(NcMetrics.EQUINORM_CLASSIFIER), 1e-15);
    assertEquals(0.0, metrics.get(NcMetrics.ETF_DISTANCE_CLASSIFIER), 1e-15);
    assertEquals(0.0, metrics.get(NcMetrics.COHERENCE_CLASSIFIER), 1e-15);
    assertEquals(0.0, metrics.get(NcMetrics.SELF_DUALITY), 1e-15); // W = 2 M̃ᵀ: scale drops out
    assertEquals(0.0, metrics.get(NcMetrics.NC1));
  }

  @Test
  void equinorm_ofSkewedMeans() {
    // Norms 1, 1, √2; mean (2 + √2)/3; sample variance Σ(norm − mean)²/2.
    double mean = (2 + Math.sqrt(2)) / 3;
    double variance = (2 * Math.pow(1 - mean, 2) + Math.pow(Math.sqrt(2) - mean, 2)) / 2;
    assertRelative(Math.sqrt(variance) / mean, SimplexGeometry.equinorm(SKEWED), 1e-15, "cov");
  }

  @Test
  void coherence_ofSkewedMeans() {
    // cos = 0 for (1,0)·(0,1) and −1/√2 for the two pairs with (−1,−1); |cos + 1/2| averaged.
    double expected = (0.5 + 2 * (1 / Math.sqrt(2) - 0.5)) / 3;
    assertRelative(expected, SimplexGeometry.coherence(SKEWED), 1e-15, "coherence");
  }

  @Test
  void etfDistance_ofSkewedMeans() {
    // G = [[1,0,−1],[0,1,−1],[−1,−1,2]], ‖G‖_F = √10; the normalised ETF has (2/3)/√2 on the
    // diagonal and (−1/3)/√2 off it.
    double g = Math.sqrt(10);
    double diagonal = (2.0 / 3) / Math.sqrt(2);
    double off = (-1.0 / 3) / Math.sqrt(2);
    double squares =
        2 * Math.pow(1 / g - diagonal, 2)
            + Math.pow(2 / g - diagonal, 2)
            + 2 * Math.pow(0 - off, 2)
            + 4 * Math.pow(-1 / g - off, 2);
    assertRelative(Math.sqrt(squares), SimplexGeometry.etfDistance(SKEWED), 1e-15, "etf");
  }

  @Test
  void selfDuality_byHand() {
    // W rows (1,0), (0,1), (0,0): ‖W‖_F = √2, ‖M̃‖_F = 2. Rows of W/√2 − M̃ᵀ/2:
    // (1/√2 − 1/2, 0), (0, 1/√2 − 1/2), (1/2, 1/2).
    double[][] w = {{1, 0}, {0, 1}, {0, 0}};
    double expected = 2 * Math.pow(1 / Math.sqrt(2) - 0.5, 2) + 0.5;
    assertRelative(expected, SelfDuality.distance(w, SKEWED), 1e-15, "nc3");
    assertEquals(0.0, SelfDuality.distance(SKEWED, SKEWED), 1e-16);
  }

  /** A zero row of W has no angle: its coherence is left out, the rest is reported. */
  @Test
  void classifierWithAZeroRow_omitsOnlyItsCoherence() {
    double[][] w = {{1, 0}, {0, 1}, {0, 0}};
    Map<String, Double> metrics =
        NcMetrics.compute(
            atMeans(SKEWED, 2).statistics(4).moments(), classifier(w, 1.0), false, 1e-10);
    assertFalse(metrics.containsKey(NcMetrics.COHERENCE_CLASSIFIER));
    assertRelative(
        2 * Math.pow(1 / Math.sqrt(2) - 0.5, 2) + 0.5,
        metrics.get(NcMetrics.SELF_DUALITY),
        1e-15,
        "nc3");
    assertRelative(
        SimplexGeometry.etfDistance(w), metrics.get(NcMetrics.ETF_DISTANCE_CLASSIFIER), 0, "etf");
  }

  @Test
  void twoVectors_pointingApart_areAnEtf() {
    double[][] pair = {{3, 0}, {-3, 0}};
    assertEquals(0.0, SimplexGeometry.etfDistance(pair), 1e-15);
    assertEquals(0.0, SimplexGeometry.coherence(pair), 1e-15);
    assertEquals(0.0, SimplexGeometry.equinorm(pair), 1e-15);
  }

  /** {@code copies} rows exactly at each mean, classes in turn (so μ_G = mean of the means). */
  static LabelledFeatures atMeans(double[][] means, int copies) {
    LabelledFeatures.Builder builder = new LabelledFeatures.Builder(means[0].length, means.length);
    for (int copy = 0; copy < copies; copy++) {
      for (int c = 0; c < means.length; c++) {
        builder.add(c, means[c]);
      }
    }
    return builder.build();
  }

  static ClassifierWeights classifier(double[][] rows, double scale) {
    int k = rows.length;
    int d = rows[0].length;
    double[] weights = new double[k * d];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        weights[c * d + j] = scale * rows[c][j];
      }
    }
    return new ClassifierWeights(weights, new double[k], k, d);
  }
}
