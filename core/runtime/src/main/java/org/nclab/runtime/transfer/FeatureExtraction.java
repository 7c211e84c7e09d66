package org.nclab.runtime.transfer;

import java.util.List;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.probe.TapFeatures;
import org.nclab.runtime.train.EpochOrder;
import org.tensorflow.Session;

/**
 * Runs a model's evaluation pass (batch norm on moving statistics, no augmentation) over a whole
 * split once and keeps one tap's vectors in memory: deterministic, and never repeated per epoch.
 */
final class FeatureExtraction {
  private FeatureExtraction() {}

  static FeatureMatrix extract(
      Session session, ForwardPass pass, String tap, Split split, ImageShape shape, int batchSize) {
    TapFeatures features =
        TapFeatures.extract(
            session,
            pass,
            List.of(tap),
            split,
            EpochOrder.sequential(split.size()),
            shape,
            batchSize,
            pass.numClasses(),
            false);
    return new FeatureMatrix(
        features.vectors(tap), features.labels(), features.size(), features.dim(tap));
  }
}
