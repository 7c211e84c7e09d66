package org.nclab.api.graph;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * An MLP projection head: {@code depth} dense layers, every one but the last followed by optional
 * batch norm and the activation; depth 0 is the identity. Used between backbone and classifier
 * ({@code [model] head_*} keys) and as a side branch of contrastive losses.
 *
 * @param depth number of dense layers (0 = identity)
 * @param width units of the hidden layers
 * @param outputDim units of the last layer
 * @param batchNorm batch norm after each hidden dense layer
 * @param activation {@code relu} or {@code none}, after each hidden layer
 */
public record ProjectionHead(
    int depth, int width, int outputDim, boolean batchNorm, String activation) {

  public ProjectionHead {
    if (depth < 0) {
      throw new IllegalArgumentException("head depth must be >= 0, got " + depth);
    }
    if (!activation.equals("relu") && !activation.equals("none")) {
      throw new IllegalArgumentException("head activation must be relu or none, got " + activation);
    }
  }

  /** Builds the head in {@code ctx}'s scope on [N, D] inputs. */
  public Operand<TFloat32> build(GraphContext ctx, Operand<TFloat32> x) {
    Operand<TFloat32> y = x;
    for (int i = 0; i < depth; i++) {
      boolean last = i == depth - 1;
      GraphContext layer = ctx.scope("layer" + (i + 1));
      y = Layers.dense(layer, "dense", y, last ? outputDim : width, last || !batchNorm);
      if (!last) {
        if (batchNorm) {
          y = Layers.batchNorm(layer, "bn", y);
        }
        if (activation.equals("relu")) {
          y = Layers.relu(layer, y);
        }
      }
    }
    return y;
  }
}
