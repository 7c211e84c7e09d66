package org.nclab.plugins.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Crops every example of a batch to its own box in one CropAndResize op: no per-image loop. */
final class Crops {
  private Crops() {}

  /**
   * @param boxes [N, 4] boxes (y0, x0, y1, x1) in normalised coordinates of {@code images}, where 0
   *     and 1 are the centres of the first and last pixel (CropAndResize's convention)
   * @param height output height
   * @param width output width
   */
  static Operand<TFloat32> cropAndResize(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> boxes, int height, int width) {
    Operand<TInt32> n = tf.reshape(BatchRandom.batchSize(tf, images), tf.constant(new long[0]));
    Operand<TInt32> boxIndex = tf.range(tf.constant(0), n, tf.constant(1));
    return tf.image.cropAndResize(images, boxes, boxIndex, tf.constant(new int[] {height, width}));
  }

  /** Stacks four [N] tensors into [N, 4] boxes. */
  static Operand<TFloat32> boxes(
      Ops tf,
      Operand<TFloat32> y0,
      Operand<TFloat32> x0,
      Operand<TFloat32> y1,
      Operand<TFloat32> x1) {
    return tf.stack(List.of(y0, x0, y1, x1), Stack.axis(1L));
  }
}
