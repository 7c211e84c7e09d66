package org.example.ringloss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The ring loss of Zheng, Pal and Savvides (Ring loss: Convex Feature Normalization for Face
 * Recognition, CVPR 2018) with a fixed radius R: the mean over the batch of (‖f_i‖ − R)², which
 * pulls the norm of every feature vector towards R.
 *
 * <p>The math lives here, as one function of operands, so that a test can check it against a hand
 * computation without nclab; {@link RingLossRegularizer} only reads its option and calls it.
 */
public final class RingLoss {

  /**
   * Added under the square root: the gradient of ‖f‖ is f / ‖f‖, which is 0/0 for an all-zero
   * feature vector, and a ReLU backbone produces those. With it the gradient there is 0.
   */
  static final float EPSILON = 1e-12f;

  private RingLoss() {}

  /**
   * @param tf the op factory to build with
   * @param features [N, D] feature vectors
   * @param radius R, the norm to pull towards
   * @return a scalar: mean over the N rows of (‖f_i‖ − R)²
   */
  public static Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> features, float radius) {
    Operand<TFloat32> squaredNorms = tf.sum(tf.math.square(features), tf.constant(1));
    Operand<TFloat32> norms = tf.math.sqrt(tf.math.add(squaredNorms, tf.constant(EPSILON)));
    Operand<TFloat32> gaps = tf.math.sub(norms, tf.constant(radius));
    return tf.math.mean(tf.math.square(gaps), tf.constant(0));
  }
}
