package org.nclab.api.probe;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link Probe} measures: the features of one tap on one split, streamed in batches.
 *
 * <p>Features are one vector per example: block outputs are global-average-pooled by the runtime.
 * They are extracted with the evaluation graph (batch norm on moving statistics, no augmentation)
 * and with gradients stopped, so measuring never changes the model.
 */
public interface ProbeInput {

  /** The tap's name ({@code block2}, {@code features}, {@code head}). */
  String tap();

  /** The split's name ({@code train}, {@code test}, {@code downstream-train}). */
  String split();

  /** The width of each feature vector. */
  int dim();

  /** K: labels are in [0, K). */
  int numClasses();

  /** The number of examples one pass streams. */
  int size();

  /**
   * The classifier on this tap, present only for the tap the classifier reads: {@code head} when
   * the model has a projection head before the classifier, else {@code features}.
   */
  Optional<ClassifierWeights> classifier();

  /**
   * Streams every example once, in order, batch after batch, on the calling thread. May be called
   * again for another pass (for metrics that need class means first); each pass sees the same
   * examples in the same order.
   */
  void forEachBatch(Consumer<FeatureBatch> consumer);
}
