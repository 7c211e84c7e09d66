package org.nclab.runtime.graph;

import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.model.Tap;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The skip connection of skip-connection layer fine-tuning (SCL-FT, Li et al. 2022): the output of
 * one block, global-average-pooled, is carried past the later blocks to the classifier, so the
 * fine-tuned block shapes the classifier's input directly rather than only through frozen layers.
 * With {@link Variant#BYPASS} it is the classifier's only input and the later blocks do not run.
 *
 * @param block the block whose output is carried ({@code block2})
 * @param variant how it meets the backbone's features
 */
public record SkipConnection(String block, Variant variant) {
  /** The scope of the projection variant's weights. */
  public static final String SCOPE = "skip";

  public enum Variant {
    /**
     * Classifier input is [features, pooled block]: D + C wide, no new weights besides the
     * classifier's.
     */
    CONCAT("concat"),
    /**
     * Classifier input is features + dense(pooled block): D wide, through a learned C x D
     * projection.
     */
    PROJECT("project"),
    /**
     * Classifier input is the pooled block alone, C wide: the backbone ends at the block, so the
     * later blocks are never run (their ops stay in the graph, unreached, and their variables are
     * still restored and saved) and fine-tuning costs only the blocks up to this one.
     */
    BYPASS("bypass");

    private final String id;

    Variant(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Variant of(String id) {
      for (Variant v : values()) {
        if (v.id.equals(id)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown skip-connection variant '" + id + "'");
    }
  }

  /** True when the classifier reads the block alone and the later blocks are left out. */
  public boolean bypasses() {
    return variant == Variant.BYPASS;
  }

  /**
   * The backbone cut after the block ({@link Variant#BYPASS}): the block's pooled output as the
   * features and the taps up to it. Nothing built on this reads a later block, so TensorFlow, which
   * runs only what a fetch depends on, never runs one.
   */
  BackboneOutput truncate(Ops tf, BackboneOutput backbone) {
    Tap end = tap(backbone.taps());
    List<Tap> kept = backbone.taps().subList(0, backbone.taps().indexOf(end) + 1);
    return new BackboneOutput(pooled(tf, end.output()), kept);
  }

  /** The classifier's input: the backbone's features joined with the pooled block output. */
  Operand<TFloat32> apply(GraphContext root, BackboneOutput backbone) {
    Ops tf = root.tf();
    Operand<TFloat32> carried = pooled(tf, tap(backbone.taps()).output());
    return switch (variant) {
      case CONCAT -> tf.concat(List.of(backbone.features(), carried), tf.constant(1));
      case PROJECT ->
          tf.math.add(
              backbone.features(), Layers.dense(root, SCOPE, carried, backbone.featureDim(), true));
      case BYPASS -> carried; // built by truncate(): the backbone's features are already these
    };
  }

  private Tap tap(List<Tap> taps) {
    return taps.stream()
        .filter(t -> t.name().equals(block))
        .findFirst()
        .orElseThrow(
            () ->
                new UserException(
                    "the skip connection starts at '"
                        + block
                        + "', but the backbone's blocks are "
                        + taps.stream().map(Tap::name).toList()
                        + "; choose one of them"));
  }

  private static Operand<TFloat32> pooled(Ops tf, Operand<TFloat32> x) {
    return x.shape().numDimensions() == 4 ? tf.math.mean(x, tf.constant(new int[] {1, 2})) : x;
  }
}
