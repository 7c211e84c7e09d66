package org.nclab.runtime.train;

import java.util.Arrays;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Copies examples of a split into batch tensors. One instance per thread: it reuses its arrays, and
 * a tensor is made from them with one bulk copy (nested-array conversions cost ~26 ms a batch).
 */
final class BatchAssembler {
  private final Split split;
  private final ImageShape shape;
  private final int numClasses;
  private final float[] images;
  private final float[] labels;

  BatchAssembler(Split split, ImageShape shape, int numClasses, int maxBatch) {
    this.split = split;
    this.shape = shape;
    this.numClasses = numClasses;
    this.images = new float[maxBatch * shape.size()];
    this.labels = new float[maxBatch * numClasses];
  }

  /** The batch of examples {@code order[from..to)}. */
  Batch assemble(int[] order, int from, int to) {
    int n = to - from;
    int imageSize = shape.size();
    Arrays.fill(labels, 0, n * numClasses, 0f);
    for (int i = 0; i < n; i++) {
      int index = order[from + i];
      split.copyImage(index, images, i * imageSize);
      int label = split.label(index);
      if (label < 0 || label >= numClasses) {
        throw new IllegalStateException(
            "example " + index + " has label " + label + " outside [0, " + numClasses + ")");
      }
      labels[i * numClasses + label] = 1f;
    }
    TFloat32 imageTensor =
        TFloat32.tensorOf(
            Shape.of(n, shape.height(), shape.width(), shape.channels()),
            DataBuffers.of(images, true, false).narrow(n * imageSize));
    TFloat32 labelTensor;
    try {
      labelTensor =
          TFloat32.tensorOf(
              Shape.of(n, numClasses), DataBuffers.of(labels, true, false).narrow(n * numClasses));
    } catch (RuntimeException e) {
      imageTensor.close();
      throw e;
    }
    return new Batch(imageTensor, labelTensor, n);
  }
}
