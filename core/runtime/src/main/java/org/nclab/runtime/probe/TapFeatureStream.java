package org.nclab.runtime.probe;

import java.util.Optional;
import java.util.function.Consumer;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.ProbeInput;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.train.Batch;
import org.nclab.runtime.train.BatchPrefetcher;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A {@link ProbeInput} over one tap of the evaluation pass on (a sample of) one split: each pass
 * runs the graph over the examples in batches and hands the probe the tap's vectors, the labels
 * and, for the classifier's input, the predictions.
 */
public final class TapFeatureStream implements ProbeInput {
  private final Session session;
  private final ForwardPass pass;
  private final String tap;
  private final String splitName;
  private final Split split;
  private final int[] indices;
  private final ImageShape shape;
  private final int batchSize;
  private final ClassifierWeights classifier;

  /** The data's classes, which are the model's except on downstream data. */
  private final int numClasses;

  public TapFeatureStream(
      Session session,
      ForwardPass pass,
      String tap,
      String splitName,
      Split split,
      int[] indices,
      ImageShape shape,
      int batchSize,
      int numClasses,
      ClassifierWeights classifier) {
    this.session = session;
    this.pass = pass;
    this.tap = tap;
    this.splitName = splitName;
    this.split = split;
    this.indices = indices;
    this.shape = shape;
    this.batchSize = batchSize;
    this.numClasses = numClasses;
    this.classifier = classifier;
  }

  @Override
  public String tap() {
    return tap;
  }

  @Override
  public String split() {
    return splitName;
  }

  @Override
  public int dim() {
    return (int) output().shape().get(1);
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public Optional<ClassifierWeights> classifier() {
    return Optional.ofNullable(classifier);
  }

  @Override
  public void forEachBatch(Consumer<FeatureBatch> consumer) {
    int dim = dim();
    boolean withPredictions = classifier != null;
    float[] features = new float[batchSize * dim];
    int[] labels = new int[batchSize];
    int[] predictions = withPredictions ? new int[batchSize] : null;
    try (BatchPrefetcher batches =
        new BatchPrefetcher(split, shape, numClasses, indices, batchSize, "probe-" + tap)) {
      int offset = 0;
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          Session.Runner runner =
              session.runner().feed(pass.images(), batch.images()).fetch(output());
          if (withPredictions) {
            runner.fetch(pass.predictions());
          }
          try (Result result = runner.run()) {
            int n = batch.size();
            ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(features, 0, n * dim);
            if (withPredictions) {
              ((TInt32) result.get(1)).asRawTensor().data().asInts().read(predictions, 0, n);
            }
            for (int i = 0; i < n; i++) {
              labels[i] = split.label(indices[offset + i]);
            }
            consumer.accept(new FeatureBatch(features, labels, predictions, n, dim));
            offset += n;
          }
        }
      }
    }
  }

  private Operand<TFloat32> output() {
    return pass.probeTaps().get(tap);
  }
}
