package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.nc.TestAsserts.assertRelative;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NC1 against closed forms and against the independent two-pass pinv computation. */
class Nc1Test {
  private static final double TOLERANCE = 1e-10;

  @Test
  void featuresEqualToTheirClassMeans_haveNc1Zero() {
    LabelledFeatures.Builder builder = new LabelledFeatures.Builder(5, 4);
    Random random = new Random(2);
    double[][] means = new double[4][5];
    for (double[] mean : means) {
      for (int k = 0; k < 5; k++) {
        mean[k] = random.nextGaussian();
      }
    }
    for (int copy = 0; copy < 6; copy++) {
      for (int c = 0; c < 4; c++) {
        builder.add(c, means[c]);
      }
    }
    Map<String, Double> metrics = metrics(builder.build(), false);
    assertEquals(0.0, metrics.get(NcMetrics.NC1));
    assertEquals(0.0, metrics.get(NcMetrics.NC1_QUOTIENT));
    assertEquals(0.0, metrics.get(NcMetrics.CDNV));
    assertEquals(3.0, metrics.get(NcMetrics.NC1_RANK));
  }

  /**
   * Two classes on a line, spread along it: μ = (∓1, 0), μ_G = 0, Σ_W = diag(1/4, 0), M̃ has σ_1² =
   * 2 along e_1. NC1 = e_1ᵀΣ_W e_1/σ_1² = 1/8; tr Σ_B = 2/2 = 1, quotient 1/4.
   */
  @Test
  void twoClasses_spreadAlongTheirMeans() {
    LabelledFeatures data =
        new LabelledFeatures.Builder(2, 2)
            .add(0, -1.5, 0)
            .add(0, -0.5, 0)
            .add(1, 0.5, 0)
            .add(1, 1.5, 0)
            .build();
    Map<String, Double> metrics = metrics(data, false);
    assertRelative(0.125, metrics.get(NcMetrics.NC1), 1e-15, "nc1");
    assertRelative(0.25, metrics.get(NcMetrics.NC1_QUOTIENT), 1e-15, "quotient");
    assertEquals(1.0, metrics.get(NcMetrics.NC1_RANK));
  }

  /**
   * The same means, spread across the line instead: Σ_W = diag(0, 1) is orthogonal to the means, so
   * NC1 = 0 while the quotient tr Σ_W / tr Σ_B = 1 sees the spread.
   */
  @Test
  void twoClasses_spreadAcrossTheirMeans() {
    LabelledFeatures data =
        new LabelledFeatures.Builder(2, 2)
            .add(0, -1, 1)
            .add(0, -1, -1)
            .add(1, 1, 1)
            .add(1, 1, -1)
            .build();
    Map<String, Double> metrics = metrics(data, false);
    assertEquals(0.0, metrics.get(NcMetrics.NC1));
    assertRelative(1.0, metrics.get(NcMetrics.NC1_QUOTIENT), 1e-15, "quotient");
  }

  /**
   * Gaussian classes with known Σ_W = L Lᵀ and known means: NC1 of 100,000 samples is within
   * sampling error (about 1%) of (1/K)·tr(Σ_W Σ_B^†) of the population.
   */
  @Test
  void gaussianClasses_matchThePopulationFormula() {
    Random random = new Random(17);
    int dim = 6;
    int k = 4;
    double[][] means = new double[k][dim];
    for (double[] mean : means) {
      for (int j = 0; j < dim; j++) {
        mean[j] = 3 * random.nextGaussian();
      }
    }
    double[][] mixing = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j <= i; j++) {
        mixing[i][j] = (i == j ? 1.0 : 0.4) * random.nextGaussian();
      }
    }
    double[][] sigmaW = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        for (int m = 0; m < dim; m++) {
          sigmaW[i][j] += mixing[i][m] * mixing[j][m];
        }
      }
    }
    double[] centre = new double[dim];
    for (double[] mean : means) {
      Vectors.addScaled(centre, 1.0 / k, mean);
    }
    double[][] sigmaB = new double[dim][dim];
    for (double[] mean : means) {
      double[] m = Vectors.difference(mean, centre);
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          sigmaB[i][j] += m[i] * m[j] / k;
        }
      }
    }
    double[][] pinv = SymmetricEigen.of(sigmaB).pseudoInverse(1e-10);
    double population = 0;
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        population += sigmaW[i][j] * pinv[j][i] / k;
      }
    }
    LabelledFeatures data =
        LabelledFeatures.sample(random, means, mixing, LabelledFeatures.equalCounts(k, 25_000));
    assertRelative(population, metrics(data, false).get(NcMetrics.NC1), 0.02, "nc1");
  }

  /** The independent two-pass d×d pinv computation, to 1e-9, on shapes around every edge. */
  @ParameterizedTest(name = "d={0} K={1}")
  @CsvSource({
    "40, 6, 60", // d > K
    "64, 10, 40",
    "3, 8, 50", // d < K − 1: rank d
    "5, 12, 30",
    "1, 3, 20", // one dimension: rank 1
    "7, 2, 100", // K = 2
    "9, 9, 9", // d = K
  })
  void agreesWithTheDirectPseudoInverse(int dim, int k, int perClass) {
    LabelledFeatures data =
        LabelledFeatures.gaussian(
            dim * 1000L + k, dim, LabelledFeatures.equalCounts(k, perClass), 1.5, 1.0);
    for (boolean balanced : new boolean[] {false, true}) {
      assertAgreesWithDirect(data, balanced);
    }
  }

  @Test
  void imbalancedClasses_agreeWithTheDirectComputation_weightedAndBalanced() {
    LabelledFeatures data =
        LabelledFeatures.gaussian(23, 12, new int[] {5, 50, 500, 2000, 17}, 1.0, 1.0);
    assertAgreesWithDirect(data, false);
    assertAgreesWithDirect(data, true);
    Map<String, Double> weighted = metrics(data, false);
    Map<String, Double> balanced = metrics(data, true);
    // Σ_B moves with the global mean on imbalanced data; on balanced data the two agree (below).
    assertFalse(
        Math.abs(weighted.get(NcMetrics.NC1) - balanced.get(NcMetrics.NC1))
            < 1e-6 * weighted.get(NcMetrics.NC1));
  }

  @Test
  void balancedData_sameNc1WithEitherGlobalMean() {
    LabelledFeatures data =
        LabelledFeatures.gaussian(29, 10, LabelledFeatures.equalCounts(5, 40), 1.0, 1.0);
    assertRelative(
        metrics(data, false).get(NcMetrics.NC1),
        metrics(data, true).get(NcMetrics.NC1),
        1e-12,
        "nc1");
  }

  @Test
  void aClassWithOneSample() {
    LabelledFeatures data = LabelledFeatures.gaussian(31, 8, new int[] {30, 1, 25, 40}, 1.0, 1.0);
    assertAgreesWithDirect(data, false);
    assertAgreesWithDirect(data, true);
  }

  /** A power-of-two scale is exact in float: NC1 must not move at all beyond rounding. */
  @Test
  void invariantToGlobalScaling() {
    LabelledFeatures data =
        LabelledFeatures.gaussian(37, 16, LabelledFeatures.equalCounts(6, 30), 1.0, 1.0);
    double reference = metrics(data, false).get(NcMetrics.NC1);
    for (float scale : new float[] {8f, 1f / 32}) {
      float[] scaled = data.features().clone();
      for (int k = 0; k < scaled.length; k++) {
        scaled[k] *= scale;
      }
      assertRelative(
          reference,
          metrics(data.withFeatures(scaled), false).get(NcMetrics.NC1),
          1e-13,
          "nc1 at scale " + scale);
    }
  }

  /**
   * A signed permutation is an exact rotation in float: agreement to rounding. A general rotation
   * rounds the rotated features to float (relative 6e-8), which bounds the agreement at ~1e-6.
   */
  @Test
  void invariantToOrthogonalRotation() {
    int dim = 12;
    LabelledFeatures data =
        LabelledFeatures.gaussian(41, dim, LabelledFeatures.equalCounts(5, 40), 1.0, 1.0);
    double reference = metrics(data, false).get(NcMetrics.NC1);

    float[] permuted = new float[data.features().length];
    for (int r = 0; r < data.size(); r++) {
      for (int k = 0; k < dim; k++) {
        int target = (k * 5 + 3) % dim; // 5 is coprime with 12: a permutation
        permuted[r * dim + target] = (k % 2 == 0 ? -1 : 1) * data.features()[r * dim + k];
      }
    }
    assertRelative(
        reference,
        metrics(data.withFeatures(permuted), false).get(NcMetrics.NC1),
        1e-12,
        "nc1 after a signed permutation");

    double[][] q = ThinSvdTest.orthonormalColumns(new Random(43), dim, dim);
    float[] rotated = new float[data.features().length];
    for (int r = 0; r < data.size(); r++) {
      for (int i = 0; i < dim; i++) {
        double value = 0;
        for (int k = 0; k < dim; k++) {
          value += q[i][k] * data.value(r, k);
        }
        rotated[r * dim + i] = (float) value;
      }
    }
    assertRelative(
        reference,
        metrics(data.withFeatures(rotated), false).get(NcMetrics.NC1),
        1e-5,
        "nc1 after a rotation");
  }

  /** Translation by 4096 (exact in float): the shifted sums keep NC1 to rounding level. */
  @Test
  void invariantToALargeTranslation() {
    LabelledFeatures data =
        LabelledFeatures.gaussian(47, 16, LabelledFeatures.equalCounts(6, 30), 1.0, 1.0);
    float[] far = data.features().clone();
    float[] near = new float[far.length];
    for (int k = 0; k < far.length; k++) {
      far[k] += 4096f;
      near[k] = far[k] - 4096f;
    }
    assertRelative(
        metrics(data.withFeatures(near), false).get(NcMetrics.NC1),
        metrics(data.withFeatures(far), false).get(NcMetrics.NC1),
        1e-10,
        "nc1");
  }

  /**
   * Why the rank tolerance exists. M̃'s columns sum to zero (with weights), so its last singular
   * value is zero in exact arithmetic and about 1e-16·σ_max in float64. A pseudo-inverse with no
   * cut-off divides by that rounding noise: NC1 comes out around 1e29 instead of 0.07, the failure
   * the issue saw in community code (there in float32, with a noise floor near 1e-7).
   */
  @Test
  void withoutACutOff_theRoundingNoiseOfTheStructuralZeroDominates() {
    LabelledFeatures data =
        LabelledFeatures.gaussian(40_006, 40, LabelledFeatures.equalCounts(6, 60), 1.5, 1.0);
    ClassMoments moments = data.statistics(64).moments();
    Map<String, Double> cut = NcMetrics.compute(moments, null, false, TOLERANCE);
    Map<String, Double> uncut = NcMetrics.compute(moments, null, false, 0);
    assertEquals(5.0, cut.get(NcMetrics.NC1_RANK));
    assertEquals(6.0, uncut.get(NcMetrics.NC1_RANK));
    assertTrue(uncut.get(NcMetrics.NC1) > 1e10 * cut.get(NcMetrics.NC1));
  }

  /**
   * The community failure the issue describes, reproduced: Σ_B accumulated in float32, cast to
   * float64, pseudo-inverted with float64's default cut-off (1e-15). Its d − K + 1 zero eigenvalues
   * are float32 rounding noise near 1e-7·λ_max, far above the cut-off, so they are inverted: NC1
   * comes out about 1e7 times too large and the "rank" is 36, not 9. The plugin's float64
   * statistics and its cut-off give the right value and rank.
   */
  @Test
  void float32BetweenCovariance_castToFloat64_isTheNineOrdersOfMagnitudeBug() {
    int dim = 64;
    int k = 10;
    LabelledFeatures data =
        LabelledFeatures.gaussian(5, dim, LabelledFeatures.equalCounts(k, 100), 1.0, 1.0);
    DirectNc direct = new DirectNc(data, false);
    float[] centre = new float[dim];
    for (double[] mean : direct.means) {
      for (int j = 0; j < dim; j++) {
        centre[j] += (float) mean[j] / k;
      }
    }
    double[][] castBetween = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        float sum = 0;
        for (double[] mean : direct.means) {
          sum += ((float) mean[i] - centre[i]) * ((float) mean[j] - centre[j]) / k;
        }
        castBetween[i][j] = sum;
      }
    }
    SymmetricEigen eigen = SymmetricEigen.of(castBetween);
    double[][] pinv = eigen.pseudoInverse(1e-15);
    double inflated = 0;
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        inflated += direct.within[i][j] * pinv[j][i] / k;
      }
    }
    Map<String, Double> metrics = metrics(data, false);
    assertTrue(eigen.rank(1e-15) > k - 1, "float32 noise counted as rank");
    assertTrue(inflated > 1e6 * metrics.get(NcMetrics.NC1), "inflated NC1: " + inflated);
    assertEquals(k - 1.0, metrics.get(NcMetrics.NC1_RANK));
    assertRelative(direct.nc1(), metrics.get(NcMetrics.NC1), 1e-9, "nc1");
  }

  private static void assertAgreesWithDirect(LabelledFeatures data, boolean balanced) {
    DirectNc direct = new DirectNc(data, balanced);
    Map<String, Double> metrics = metrics(data, balanced);
    String variant = balanced ? " (balanced)" : "";
    assertEquals(direct.rank(), metrics.get(NcMetrics.NC1_RANK), "rank" + variant);
    assertRelative(direct.nc1(), metrics.get(NcMetrics.NC1), 1e-9, "nc1" + variant);
    assertRelative(
        direct.quotient(), metrics.get(NcMetrics.NC1_QUOTIENT), 1e-9, "quotient" + variant);
  }

  private static Map<String, Double> metrics(LabelledFeatures data, boolean balanced) {
    return NcMetrics.compute(data.statistics(64).moments(), null, balanced, TOLERANCE);
  }
}
