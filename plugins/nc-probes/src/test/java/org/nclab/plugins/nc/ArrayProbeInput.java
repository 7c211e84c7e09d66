package org.nclab.plugins.nc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.ProbeInput;

/** A {@link ProbeInput} over batches cut once from arrays in memory; counts its passes. */
final class ArrayProbeInput implements ProbeInput {
  private final LabelledFeatures data;
  private final ClassifierWeights classifier;
  private final List<FeatureBatch> batches = new ArrayList<>();
  private int passes;

  ArrayProbeInput(LabelledFeatures data, ClassifierWeights classifier, int batchSize) {
    this.data = data;
    this.classifier = classifier;
    data.forEachBatch(batchSize, batches::add);
  }

  @Override
  public String tap() {
    return "features";
  }

  @Override
  public String split() {
    return "test";
  }

  @Override
  public int dim() {
    return data.dim();
  }

  @Override
  public int numClasses() {
    return data.numClasses();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public Optional<ClassifierWeights> classifier() {
    return Optional.ofNullable(classifier);
  }

  @Override
  public void forEachBatch(Consumer<FeatureBatch> consumer) {
    passes++;
    batches.forEach(consumer);
  }

  /** The batches one pass streams. */
  List<FeatureBatch> batches() {
    return batches;
  }

  int passes() {
    return passes;
  }
}
