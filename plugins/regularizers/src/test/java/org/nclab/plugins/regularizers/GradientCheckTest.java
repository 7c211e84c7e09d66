package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nclab.testkit.GradientCheck;
import org.nclab.testkit.GradientCheck.GraphLoss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's symbolic gradient of each pure loss function against central differences of its
 * float64 reference. This is what checks that the masking tricks (self-similarity pushed to −1e9,
 * the stop-gradient row shift, the floor under the focal power) leave the gradient exact.
 */
class GradientCheckTest {
  private final TinyBatch batch = TinyBatch.fixed();

  @Test
  void supcon() {
    check(
        batch.features(),
        (tf, p) -> ContrastiveLosses.supervised(tf, p, constant(tf, batch.oneHot()), 0.2),
        p -> Float64Reference.contrastive(p, batch.labels(), 0.2));
  }

  @Test
  void ntXent() {
    int[] exampleOfRow = Float64Reference.exampleOfRow(6, 2);
    check(
        batch.features(),
        (tf, p) -> ContrastiveLosses.ntXent(tf, p, 2, 0.5),
        p -> Float64Reference.contrastive(p, exampleOfRow, 0.5));
  }

  @Test
  void focal() {
    List<Double> alpha = List.of(0.25, 0.5, 1.0);
    check(
        batch.logits(),
        (tf, z) -> FocalRegularizer.focalLoss(tf, z, constant(tf, batch.oneHot()), 0.5, alpha),
        z -> Float64Reference.focal(z, batch.labels(), 0.5, alpha));
  }

  @Test
  void withinClassVariabilityHinge() {
    double target = 3.0; // above the batch's ratio, so the hinge is active
    check(
        batch.features(),
        (tf, h) ->
            ClassScatter.squaredHingeBelow(
                tf, ClassScatter.withinToBetweenRatio(tf, h, constant(tf, batch.oneHot())), target),
        h -> {
          double shortfall =
              Math.max(0, target - Float64Reference.scatterRatio(h, batch.labels(), 3));
          return shortfall * shortfall;
        });
  }

  @Test
  void vicreg() {
    check(
        batch.features(),
        (tf, z) ->
            tf.math.add(
                VicRegRegularizer.varianceHinge(tf, z, 1.0, 1e-4),
                VicRegRegularizer.offDiagonalCovariance(tf, z)),
        z -> Float64Reference.vicregVariance(z, 1.0, 1e-4) + Float64Reference.vicregCovariance(z));
  }

  /** p_t rounds to 1 in float32 here; without the floor, γ < 1 makes the gradient NaN. */
  @Test
  void focal_ofExamplesItAlreadyGetsRight_hasAFiniteGradient() {
    double[][] confident = {{120, 0, 0}, {0, 95, 0}, {0, 0, 150}};
    double[][] oneHot = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    assertFinite(
        symbolic(
            confident,
            (tf, z) -> FocalRegularizer.focalLoss(tf, z, constant(tf, oneHot), 0.5, List.of())));
  }

  /** exp(s_ii / τ) overflows float32 at τ = 0.005; the self-similarity never reaches exp(). */
  @Test
  void supcon_atATinyTemperature_hasAFiniteGradient() {
    assertFinite(
        symbolic(
            batch.features(),
            (tf, p) -> ContrastiveLosses.supervised(tf, p, constant(tf, batch.oneHot()), 0.005)));
  }

  private static void check(double[][] at, GraphLoss loss, ToDoubleFunction<double[][]> reference) {
    GradientCheck.assertMatchesReference(at, loss, reference);
  }

  private static double[][] symbolic(double[][] at, GraphLoss loss) {
    return GradientCheck.symbolic(at, loss);
  }

  private static void assertFinite(double[][] gradient) {
    for (double[] row : gradient) {
      for (double v : row) {
        assertTrue(Double.isFinite(v), () -> "gradient " + Arrays.deepToString(gradient));
      }
    }
  }

  private static Operand<TFloat32> constant(Ops tf, double[][] x) {
    return tf.constant(TinyBatch.toFloat(x));
  }
}
