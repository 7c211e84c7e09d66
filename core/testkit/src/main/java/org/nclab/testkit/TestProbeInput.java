package org.nclab.testkit;

import java.util.Optional;
import java.util.function.Consumer;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.ProbeInput;

/**
 * A {@link ProbeInput} over feature rows in memory, streamed in batches with nclab's layout: {@code
 * features} row-major {@code size * dim}, and {@code predictions} the classifier's arg-max when a
 * classifier is given, else null (as for nclab's intermediate taps). Like nclab's, the arrays of a
 * batch are reused by the next batch, so a probe that keeps them without copying fails its test
 * here too.
 */
public final class TestProbeInput implements ProbeInput {
  private final String tap;
  private final double[][] features;
  private final int[] labels;
  private final int numClasses;
  private final int batchSize;
  private final ClassifierWeights classifier;
  private int passes;

  /**
   * @param features one row per example, all of one width
   * @param labels one class in [0, numClasses) per row
   * @param classifier the linear classifier on these features, or null for an intermediate tap
   */
  public TestProbeInput(
      String tap,
      double[][] features,
      int[] labels,
      int numClasses,
      int batchSize,
      ClassifierWeights classifier) {
    if (features.length != labels.length || features.length == 0) {
      throw new IllegalArgumentException(
          features.length + " feature rows but " + labels.length + " labels");
    }
    this.tap = tap;
    this.features = Arrays2.copy(features);
    this.labels = labels.clone();
    this.numClasses = numClasses;
    this.batchSize = batchSize;
    this.classifier = classifier;
  }

  @Override
  public String tap() {
    return tap;
  }

  @Override
  public String split() {
    return "test";
  }

  @Override
  public int dim() {
    return features[0].length;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int size() {
    return features.length;
  }

  @Override
  public Optional<ClassifierWeights> classifier() {
    return Optional.ofNullable(classifier);
  }

  /** How many times {@link #forEachBatch} streamed the data. */
  public int passes() {
    return passes;
  }

  @Override
  public void forEachBatch(Consumer<FeatureBatch> consumer) {
    passes++;
    int dim = dim();
    float[] batchFeatures = new float[batchSize * dim];
    int[] batchLabels = new int[batchSize];
    int[] predictions = classifier == null ? null : new int[batchSize];
    for (int start = 0; start < features.length; start += batchSize) {
      int size = Math.min(batchSize, features.length - start);
      for (int r = 0; r < size; r++) {
        double[] row = features[start + r];
        for (int j = 0; j < dim; j++) {
          batchFeatures[r * dim + j] = (float) row[j];
        }
        batchLabels[r] = labels[start + r];
        if (predictions != null) {
          predictions[r] = argMax(row);
        }
      }
      consumer.accept(new FeatureBatch(batchFeatures, batchLabels, predictions, size, dim));
    }
  }

  private int argMax(double[] row) {
    int best = 0;
    double bestLogit = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classifier.numClasses(); k++) {
      double logit = classifier.bias()[k];
      for (int j = 0; j < row.length; j++) {
        logit += classifier.weights()[k * classifier.dim() + j] * row[j];
      }
      if (logit > bestLogit) {
        bestLogit = logit;
        best = k;
      }
    }
    return best;
  }
}
