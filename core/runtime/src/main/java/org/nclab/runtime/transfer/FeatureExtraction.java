package org.nclab.runtime.transfer;

import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.probe.TapFeatureStream;
import org.nclab.runtime.train.EpochOrder;
import org.tensorflow.Session;

/**
 * Runs a model's evaluation pass (batch norm on moving statistics, no augmentation) over a whole
 * split once and keeps one tap's vectors in memory: deterministic, and never repeated per epoch.
 */
final class FeatureExtraction {
  private FeatureExtraction() {}

  static FeatureMatrix extract(
      Session session,
      ForwardPass pass,
      String tap,
      String splitName,
      Split split,
      ImageShape shape,
      int batchSize) {
    TapFeatureStream stream =
        new TapFeatureStream(
            session,
            pass,
            tap,
            splitName,
            split,
            EpochOrder.sequential(split.size()),
            shape,
            batchSize,
            pass.numClasses(),
            null);
    int dim = stream.dim();
    float[] x = new float[split.size() * dim];
    int[] y = new int[split.size()];
    int[] row = {0};
    stream.forEachBatch(
        batch -> {
          System.arraycopy(batch.features(), 0, x, row[0] * dim, batch.size() * dim);
          System.arraycopy(batch.labels(), 0, y, row[0], batch.size());
          row[0] += batch.size();
        });
    return new FeatureMatrix(x, y, split.size(), dim);
  }
}
