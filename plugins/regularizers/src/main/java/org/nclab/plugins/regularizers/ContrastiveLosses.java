package org.nclab.plugins.regularizers;

import java.util.ArrayList;
import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The math of the contrastive losses, as pure functions of operands. Supervised contrastive (Khosla
 * et al. 2020, the "L_out" form) and NT-Xent (Chen et al. 2020, SimCLR) are one formula that
 * differs only in which rows count as positives:
 *
 * <pre>
 *   z_i = p_i / ||p_i||                      (L2-normalised projections)
 *   s_ij = z_i · z_j / τ
 *   ℓ_i = −(1/|P(i)|) Σ_{p ∈ P(i)} log( exp(s_ip) / Σ_{a ≠ i} exp(s_ia) )
 *   loss = mean of ℓ_i over the anchors i with |P(i)| ≥ 1
 * </pre>
 *
 * SupCon: P(i) = the other rows with i's label, across all views. NT-Xent: P(i) = the other views
 * of i's example. Unlike the SupCon reference code, the loss is not multiplied by τ / 0.07.
 */
final class ContrastiveLosses {
  /**
   * Subtracted from each row's self-similarity before the exponential. With a small τ, exp(s_ii −
   * max) overflows to infinity, and masking after the exponential would give inf · 0 = NaN;
   * exp(−1e9) is simply 0.
   */
  private static final float SELF_EXCLUSION = 1e9f;

  /** tf.math.l2_normalize's floor on the squared norm, so that a zero row stays zero. */
  private static final float NORM_FLOOR = 1e-12f;

  private ContrastiveLosses() {}

  /**
   * The options of a contrastive loss: its temperature and its projection head's.
   *
   * @param defaultTemperature the paper's value for this loss
   */
  static List<OptionSpec> options(double defaultTemperature) {
    List<OptionSpec> options = new ArrayList<>();
    options.add(
        OptionSpec.number("temperature", "τ dividing the cosine similarities; smaller is sharper")
            .defaultValue(defaultTemperature)
            .range(0.001, 100));
    options.addAll(ProjectionHead.OPTIONS);
    return List.copyOf(options);
  }

  /**
   * Supervised contrastive loss of {@code projections} [N, P] with one-hot {@code labels} [N, K]:
   * positives are the other rows of the same class.
   */
  static Operand<TFloat32> supervised(
      Ops tf, Operand<TFloat32> projections, Operand<TFloat32> labels, double temperature) {
    return withPositives(tf, projections, sameRow(tf, labels), temperature);
  }

  /**
   * NT-Xent of {@code projections} [V·B, P] holding {@code views} views of B examples, view after
   * view: positives are the other views of the same example (row r shows example r mod B).
   */
  static Operand<TFloat32> ntXent(
      Ops tf, Operand<TFloat32> projections, int views, double temperature) {
    Operand<TInt32> rows = BatchOps.rows(tf, projections);
    Operand<TInt32> examples = tf.math.floorDiv(rows, tf.constant(views));
    Operand<TInt32> exampleOfRow =
        tf.math.floorMod(tf.range(tf.constant(0), rows, tf.constant(1)), examples);
    Operand<TFloat32> exampleOneHot = BatchOps.oneHotRows(tf, exampleOfRow, examples);
    return withPositives(tf, projections, sameRow(tf, exampleOneHot), temperature);
  }

  /** [N, N] mask: 1 where rows i and j have the same one-hot group (the diagonal included). */
  private static Operand<TFloat32> sameRow(Ops tf, Operand<TFloat32> oneHot) {
    return tf.linalg.matMul(oneHot, oneHot, MatMul.transposeB(true));
  }

  /**
   * The formula above, with P(i) = {j ≠ i : sameGroup[i, j] = 1}.
   *
   * @param sameGroup [N, N] 0/1 matrix; its diagonal is ignored
   */
  private static Operand<TFloat32> withPositives(
      Ops tf, Operand<TFloat32> projections, Operand<TFloat32> sameGroup, double temperature) {
    Operand<TFloat32> z = l2Normalize(tf, projections);
    Operand<TFloat32> self = BatchOps.identity(tf, BatchOps.rows(tf, z));
    Operand<TFloat32> positives = tf.math.mul(sameGroup, tf.math.sub(tf.constant(1f), self));

    Operand<TFloat32> similarity =
        tf.math.div(
            tf.linalg.matMul(z, z, MatMul.transposeB(true)), tf.constant((float) temperature));
    Operand<TFloat32> othersOnly =
        tf.math.sub(similarity, tf.math.mul(self, tf.constant(SELF_EXCLUSION)));
    // Shifting a row by a constant leaves its log-softmax unchanged; the shift by the largest
    // other similarity keeps exp() finite and the denominator >= 1. The shift is a constant for
    // the gradient, as in the reference implementation.
    Operand<TFloat32> rowMax =
        tf.stopGradient(tf.max(othersOnly, tf.constant(1), Max.keepDims(true)));
    Operand<TFloat32> shifted = tf.math.sub(othersOnly, rowMax);
    Operand<TFloat32> logDenominator =
        tf.math.log(tf.sum(tf.math.exp(shifted), tf.constant(1), Sum.keepDims(true)));
    Operand<TFloat32> logProbability = tf.math.sub(shifted, logDenominator);

    Operand<TFloat32> positiveCount = BatchOps.rowSums(tf, positives);
    Operand<TFloat32> meanLogProbabilityOfPositives =
        tf.math.div(
            BatchOps.rowSums(tf, tf.math.mul(positives, logProbability)),
            tf.math.maximum(positiveCount, tf.constant(1f)));
    Operand<TFloat32> isAnchor =
        tf.dtypes.cast(tf.math.greater(positiveCount, tf.constant(0f)), TFloat32.class);
    Operand<TFloat32> anchors = tf.math.maximum(tf.sum(isAnchor, tf.constant(0)), tf.constant(1f));
    return tf.math.neg(
        tf.math.div(
            tf.sum(tf.math.mul(isAnchor, meanLogProbabilityOfPositives), tf.constant(0)), anchors));
  }

  /**
   * Each row divided by its L2 norm, as tf.math.l2_normalize: x · rsqrt(max(Σ x², 1e-12)). Built
   * from square, sum, maximum and rsqrt, which all have gradients in TensorFlow Java 1.1.0.
   */
  static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squaredNorm = tf.sum(tf.math.square(x), tf.constant(1), Sum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squaredNorm, tf.constant(NORM_FLOOR))));
  }
}
