package org.nclab.runtime.transfer;

import java.util.function.Consumer;
import org.nclab.api.probe.FeatureBatch;

/**
 * Feature vectors of a whole split held in memory, one row per example: what a frozen backbone is
 * run over once, and what the linear probe and NC metrics read as often as they need.
 *
 * @param features {@code size * dim} floats, row-major
 * @param labels {@code size} class indices
 */
public record FeatureMatrix(float[] features, int[] labels, int size, int dim) {
  public FeatureMatrix {
    if ((long) size * dim != features.length || labels.length != size) {
      throw new IllegalArgumentException(
          size
              + " rows of "
              + dim
              + " need "
              + (long) size * dim
              + " floats and "
              + size
              + " labels, got "
              + features.length
              + " and "
              + labels.length);
    }
  }

  /** The rows at {@code indices}, in that order. */
  public FeatureMatrix rows(int[] indices) {
    float[] x = new float[indices.length * dim];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * dim, x, i * dim, dim);
      y[i] = labels[indices[i]];
    }
    return new FeatureMatrix(x, y, indices.length, dim);
  }

  /** Hands the rows over in batches of at most {@code batchSize}, as probes read them. */
  void forEachBatch(int batchSize, Consumer<FeatureBatch> consumer) {
    float[] x = new float[Math.min(batchSize, size) * dim];
    int[] y = new int[Math.min(batchSize, size)];
    for (int start = 0; start < size; start += batchSize) {
      int n = Math.min(batchSize, size - start);
      System.arraycopy(features, start * dim, x, 0, n * dim);
      System.arraycopy(labels, start, y, 0, n);
      consumer.accept(new FeatureBatch(x, y, null, n, dim));
    }
  }
}
