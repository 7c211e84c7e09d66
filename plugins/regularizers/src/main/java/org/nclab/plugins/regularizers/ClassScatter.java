package org.nclab.plugins.regularizers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Batch estimates of within- and between-class scatter of features, the quantities behind neural
 * collapse's NC1. With N rows h_i, one-hot labels y_i, class means μ_k over the n_k > 0 rows of
 * class k, the global mean μ_G over all rows, and K_b classes present in the batch:
 *
 * <pre>
 *   tr(Σ_W) = (1/N) Σ_i ||h_i − μ_{y_i}||²
 *   tr(Σ_B) = (1/K_b) Σ_{k: n_k > 0} ||μ_k − μ_G||²
 *   ratio   = tr(Σ_W) / tr(Σ_B)
 * </pre>
 *
 * The paper's NC1 is (1/K) tr(Σ_W Σ_B^†); the pseudo-inverse needs an SVD, which has no gradient in
 * TensorFlow Java 1.1.0, so the trace ratio stands in for it: both are 0 at full collapse and grow
 * with the spread of each class around its mean relative to the spread of the means.
 */
final class ClassScatter {
  /** Floor on tr(Σ_B): a batch of one class has no between-class scatter. */
  private static final float BETWEEN_FLOOR = 1e-12f;

  private ClassScatter() {}

  /**
   * tr(Σ_W) / tr(Σ_B) of {@code features} [N, D] under one-hot {@code labels} [N, K]. Classes
   * missing from the batch are left out; a one-class batch gives a huge ratio, so a hinge below a
   * target ignores it.
   */
  static Operand<TFloat32> withinToBetweenRatio(
      Ops tf, Operand<TFloat32> features, Operand<TFloat32> labels) {
    Operand<TFloat32> counts = tf.sum(labels, tf.constant(0));
    Operand<TFloat32> classSums = tf.linalg.matMul(labels, features, MatMul.transposeA(true));
    Operand<TFloat32> safeCounts =
        tf.reshape(tf.math.maximum(counts, tf.constant(1f)), tf.constant(new long[] {-1, 1}));
    Operand<TFloat32> classMeans = tf.math.div(classSums, safeCounts);

    Operand<TFloat32> deviations = tf.math.sub(features, tf.linalg.matMul(labels, classMeans));
    Operand<TFloat32> within =
        tf.math.div(
            BatchOps.sumAll(tf, tf.math.square(deviations)), BatchOps.rowsAsFloat(tf, features));

    Operand<TFloat32> globalMean = tf.math.mean(features, tf.constant(0), Mean.keepDims(true));
    Operand<TFloat32> present =
        tf.dtypes.cast(tf.math.greater(counts, tf.constant(0f)), TFloat32.class);
    Operand<TFloat32> spreadOfMeans =
        BatchOps.rowSums(tf, tf.math.square(tf.math.sub(classMeans, globalMean)));
    Operand<TFloat32> between =
        tf.math.div(
            tf.sum(tf.math.mul(present, spreadOfMeans), tf.constant(0)),
            tf.math.maximum(tf.sum(present, tf.constant(0)), tf.constant(1f)));
    return tf.math.div(within, tf.math.maximum(between, tf.constant(BETWEEN_FLOOR)));
  }

  /** max(0, target − value)²: zero at or above the target, quadratic below it. */
  static Operand<TFloat32> squaredHingeBelow(Ops tf, Operand<TFloat32> value, double target) {
    return tf.math.square(tf.nn.relu(tf.math.sub(tf.constant((float) target), value)));
  }
}
