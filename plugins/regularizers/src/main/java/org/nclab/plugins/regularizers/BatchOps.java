package org.nclab.plugins.regularizers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Small graph pieces the losses share. The batch size is only known when the graph runs (the last
 * batch of an epoch is shorter), so anything sized by it is built from {@code tf.shape}. Those
 * shape-derived ops lie on the path from the variables to the loss, and TensorFlow Java 1.1.0
 * differentiates through them without complaint (Shape and OneHot are no-gradient ops).
 */
final class BatchOps {

  private BatchOps() {}

  /** The number of rows of {@code x}, a scalar. */
  static Operand<TInt32> rows(Ops tf, Operand<?> x) {
    return tf.gather(tf.shape(x), tf.constant(0), tf.constant(0));
  }

  /** The number of rows of {@code x} as a float scalar, for means. */
  static Operand<TFloat32> rowsAsFloat(Ops tf, Operand<?> x) {
    return tf.dtypes.cast(rows(tf, x), TFloat32.class);
  }

  /** The n-by-n identity matrix. */
  static Operand<TFloat32> identity(Ops tf, Operand<TInt32> n) {
    return oneHotRows(tf, tf.range(tf.constant(0), n, tf.constant(1)), n);
  }

  /** Row i is the one-hot encoding of {@code indices[i]} among {@code depth} classes. */
  static Operand<TFloat32> oneHotRows(Ops tf, Operand<TInt32> indices, Operand<TInt32> depth) {
    return tf.oneHot(indices, depth, tf.constant(1f), tf.constant(0f));
  }

  /** The sum of every entry of a matrix. */
  static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> matrix) {
    return tf.sum(matrix, tf.constant(new int[] {0, 1}));
  }

  /** The mean over rows of a vector of per-example values. */
  static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> perExample) {
    return tf.math.mean(perExample, tf.constant(0));
  }

  /** Row sums of a matrix: [N, K] to [N]. */
  static Operand<TFloat32> rowSums(Ops tf, Operand<TFloat32> matrix) {
    return tf.sum(matrix, tf.constant(1));
  }
}
