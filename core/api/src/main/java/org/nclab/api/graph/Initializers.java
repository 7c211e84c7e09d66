package org.nclab.api.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The usual initialisers, all seeded through stateless random ops. */
public final class Initializers {
  private Initializers() {}

  /** All zeros: biases, batch norm's beta and moving mean. */
  public static Initializer zeros() {
    return constant(0f);
  }

  /** All ones: batch norm's gamma and moving variance. */
  public static Initializer ones() {
    return constant(1f);
  }

  /** Every element {@code value}. */
  public static Initializer constant(float value) {
    return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(value));
  }

  /**
   * He (Kaiming) normal, truncated at two standard deviations: std = sqrt(2 / fanIn). The default
   * for layers followed by ReLU.
   */
  public static Initializer heNormal() {
    return (tf, shape, seed) ->
        scaledTruncatedNormal(tf, shape, seed, Math.sqrt(2.0 / fanIn(shape)));
  }

  /** Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
  public static Initializer glorotUniform() {
    return (tf, shape, seed) -> {
      double limit = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
      var unit = tf.random.statelessRandomUniform(tf.constant(shape), tf.constant(seed));
      return tf.math.mul(tf.math.sub(unit, tf.constant(0.5f)), tf.constant((float) (2 * limit)));
    };
  }

  private static Operand<TFloat32> scaledTruncatedNormal(
      Ops tf, Shape shape, long[] seed, double std) {
    // The truncated normal has std 0.8796 of the untruncated one; divide it out so the stated
    // standard deviation is the real one (as Keras' VarianceScaling does).
    double correction = 0.87962566103423978;
    var normal = tf.random.statelessTruncatedNormal(tf.constant(shape), tf.constant(seed));
    return tf.math.mul(normal, tf.constant((float) (std / correction)));
  }

  /** Inputs per output unit: kernel height * width * in-channels, or rows of a dense matrix. */
  static long fanIn(Shape shape) {
    long receptive = 1;
    for (int i = 0; i < shape.numDimensions() - 2; i++) {
      receptive *= shape.get(i);
    }
    return shape.numDimensions() < 2
        ? shape.get(0)
        : receptive * shape.get(shape.numDimensions() - 2);
  }

  static long fanOut(Shape shape) {
    long receptive = 1;
    for (int i = 0; i < shape.numDimensions() - 2; i++) {
      receptive *= shape.get(i);
    }
    return receptive * shape.get(shape.numDimensions() - 1);
  }
}
