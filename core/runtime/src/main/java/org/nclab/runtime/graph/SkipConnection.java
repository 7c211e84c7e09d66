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
    PROJECT("project");

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

  /** The classifier's input: the backbone's features joined with the pooled block output. */
  Operand<TFloat32> apply(GraphContext root, BackboneOutput backbone) {
    Ops tf = root.tf();
    Operand<TFloat32> carried = pooled(tf, tap(backbone.taps()).output());
    return switch (variant) {
      case CONCAT -> tf.concat(List.of(backbone.features(), carried), tf.constant(1));
      case PROJECT ->
          tf.math.add(
              backbone.features(), Layers.dense(root, SCOPE, carried, backbone.featureDim(), true));
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
