package org.nclab.plugins.augment;

import java.util.List;
import org.nclab.api.augment.AugmentContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Per-example random numbers shaped to broadcast against an [N, H, W, C] batch. */
final class BatchRandom {
  private BatchRandom() {}

  /** The batch size N of {@code images}, as a [1] tensor. */
  static Operand<TInt32> batchSize(Ops tf, Operand<TFloat32> images) {
    return tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
  }

  /** Uniform numbers in [low, high), one per example, shaped [N, 1, 1, 1]. */
  static Operand<TFloat32> uniformPerExample(
      AugmentContext ctx, Operand<TFloat32> images, String purpose, double low, double high) {
    Ops tf = ctx.tf();
    Operand<TInt32> shape =
        tf.concat(List.of(batchSize(tf, images), tf.constant(new int[] {1, 1, 1})), tf.constant(0));
    return scale(tf, tf.random.statelessRandomUniform(shape, ctx.seed(purpose)), low, high);
  }

  /** Uniform numbers in [low, high), one per example, shaped [N]. */
  static Operand<TFloat32> uniformVector(
      AugmentContext ctx, Operand<TFloat32> images, String purpose, double low, double high) {
    Ops tf = ctx.tf();
    return scale(
        tf, tf.random.statelessRandomUniform(batchSize(tf, images), ctx.seed(purpose)), low, high);
  }

  /** True with probability {@code p}, per example, shaped [N, 1, 1, 1]. */
  static Operand<TBool> bernoulliPerExample(
      AugmentContext ctx, Operand<TFloat32> images, String purpose, double p) {
    Ops tf = ctx.tf();
    Operand<TFloat32> u = uniformPerExample(ctx, images, purpose, 0, 1);
    return tf.math.less(u, tf.constant((float) p));
  }

  /**
   * {@code y} where {@code mask} is true, {@code x} elsewhere, broadcasting the mask. A select, not
   * x + m * (y - x): that arithmetic would round the values it should copy.
   */
  static Operand<TFloat32> choose(
      Ops tf, Operand<TBool> mask, Operand<TFloat32> y, Operand<TFloat32> x) {
    return tf.select(mask, y, x);
  }

  private static Operand<TFloat32> scale(Ops tf, Operand<TFloat32> unit, double low, double high) {
    return tf.math.add(
        tf.math.mul(unit, tf.constant((float) (high - low))), tf.constant((float) low));
  }
}
