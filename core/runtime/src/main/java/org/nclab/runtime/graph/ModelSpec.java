package org.nclab.runtime.graph;

import java.util.List;
import java.util.Objects;
import org.nclab.api.data.ImageShape;
import org.nclab.api.graph.ProjectionHead;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.options.Options;
import org.nclab.runtime.optim.Optimizer;

/**
 * Everything needed to build a model's training and evaluation graph.
 *
 * @param head the projection head between backbone and classifier, or null for none
 * @param augmentations the training-only pipeline, applied to each of {@code views} views
 * @param detachedClassifier the classifier learns on stopped features: label gradients never reach
 *     the backbone (an online linear probe for self-supervised objectives)
 * @param trainable which variables train; the others are frozen (transfer learning)
 * @param skip a skip connection from a block to the classifier (SCL fine-tuning), or null
 * @param replication towers of the training pass ({@code [run] replicas}); evaluation builds one
 */
public record ModelSpec(
    ImageShape shape,
    int numClasses,
    BackboneProvider backbone,
    Options backboneOptions,
    ProjectionHead head,
    List<AugmentationStep> augmentations,
    int views,
    boolean detachedClassifier,
    List<WeightedRegularizer> regularizers,
    Optimizer optimizer,
    long seed,
    TrainableScopes trainable,
    SkipConnection skip,
    Replication replication) {

  public ModelSpec {
    Objects.requireNonNull(trainable, "trainable");
    Objects.requireNonNull(replication, "replication");
    regularizers = List.copyOf(regularizers);
    augmentations = List.copyOf(augmentations);
    if (views < 1) {
      throw new IllegalArgumentException("views must be >= 1, got " + views);
    }
  }

  /** A model built once, as one tower on no particular device. */
  public ModelSpec(
      ImageShape shape,
      int numClasses,
      BackboneProvider backbone,
      Options backboneOptions,
      ProjectionHead head,
      List<AugmentationStep> augmentations,
      int views,
      boolean detachedClassifier,
      List<WeightedRegularizer> regularizers,
      Optimizer optimizer,
      long seed,
      TrainableScopes trainable,
      SkipConnection skip) {
    this(
        shape,
        numClasses,
        backbone,
        backboneOptions,
        head,
        augmentations,
        views,
        detachedClassifier,
        regularizers,
        optimizer,
        seed,
        trainable,
        skip,
        Replication.SINGLE);
  }

  /** This model with its training pass built as {@code replication}'s towers. */
  public ModelSpec withReplication(Replication replication) {
    return new ModelSpec(
        shape,
        numClasses,
        backbone,
        backboneOptions,
        head,
        augmentations,
        views,
        detachedClassifier,
        regularizers,
        optimizer,
        seed,
        trainable,
        skip,
        replication);
  }

  /** A model that trains every variable and has no skip connection: what pre-training builds. */
  public ModelSpec(
      ImageShape shape,
      int numClasses,
      BackboneProvider backbone,
      Options backboneOptions,
      ProjectionHead head,
      List<AugmentationStep> augmentations,
      int views,
      boolean detachedClassifier,
      List<WeightedRegularizer> regularizers,
      Optimizer optimizer,
      long seed) {
    this(
        shape,
        numClasses,
        backbone,
        backboneOptions,
        head,
        augmentations,
        views,
        detachedClassifier,
        regularizers,
        optimizer,
        seed,
        TrainableScopes.ALL,
        null);
  }

  /**
   * This model without its augmentation pipeline, for benchmarks that price it: the same number of
   * views, each the plain image (a multi-view objective such as NT-Xent refuses a single view).
   */
  public ModelSpec withoutAugmentation() {
    return new ModelSpec(
        shape,
        numClasses,
        backbone,
        backboneOptions,
        head,
        List.of(),
        views,
        detachedClassifier,
        regularizers,
        optimizer,
        seed,
        trainable,
        skip,
        replication);
  }

  /**
   * This backbone as the start of a transfer: no projection head, a new classifier for {@code
   * classes} classes, only the {@code trainable} scopes training, and an optional skip connection.
   */
  public ModelSpec forTransfer(int classes, TrainableScopes trainable, SkipConnection skip) {
    return new ModelSpec(
        shape,
        classes,
        backbone,
        backboneOptions,
        null,
        augmentations,
        views,
        false,
        regularizers,
        optimizer,
        seed,
        trainable,
        skip);
  }

  /** A plain supervised model: no head, no augmentation, one view, attached classifier. */
  public static ModelSpec plain(
      ImageShape shape,
      int numClasses,
      BackboneProvider backbone,
      Options backboneOptions,
      List<WeightedRegularizer> regularizers,
      Optimizer optimizer,
      long seed) {
    return new ModelSpec(
        shape,
        numClasses,
        backbone,
        backboneOptions,
        null,
        List.of(),
        1,
        false,
        regularizers,
        optimizer,
        seed);
  }
}
