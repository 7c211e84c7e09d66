package org.nclab.plugins.regularizers;

import java.util.List;
import java.util.Locale;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A projection head: the small MLP that maps backbone features into the space where a contrastive
 * loss compares them (SimCLR's g(·)). It is a side branch: only the loss that builds it reads its
 * output, the classifier keeps reading the features, and transfer drops it with the loss.
 *
 * <p>Shape, for {@code depth} d:
 *
 * <ul>
 *   <li>d = 0: the identity; the loss sees the features themselves and the head has no variables.
 *   <li>d ≥ 1: d − 1 hidden layers of {@code width} units, each dense, then batch norm (optional),
 *       then the activation; then one dense layer with bias to {@code outputDim} units, with no
 *       normalisation or activation (the contrastive losses L2-normalise it themselves). SimCLR and
 *       SupCon use d = 2.
 * </ul>
 *
 * <p>A hidden dense layer has no bias when batch norm follows it (batch norm's beta does that job).
 * The variables live in the given context's scope, one {@code layerN} per dense layer, counted from
 * 1: {@code layer1/dense/kernel}, {@code layer1/bn/gamma}, ..., and for the last layer {@code
 * layerD/dense/kernel} and {@code layerD/dense/bias} ({@code ProjectionHeadTest} checks them).
 * Batch norm's moving averages are updated every step like the backbone's, although only the
 * training graph uses the head. The output passes through an identity op named {@value
 * #OUTPUT_NAME} in that scope, so that a graph dump (or a future tap) can find it.
 *
 * <p>A regularizer declares {@link #OPTIONS} among its options and builds the head in its own
 * scope, on the training pass's features ({@code ProjectionHeadTest} runs this line):
 *
 * <pre>{@code
 * Operand<TFloat32> z = ProjectionHead.onFeatures(options, ctx);
 * }</pre>
 *
 * @param depth number of dense layers, 0 for the identity
 * @param width units of each hidden layer
 * @param outputDim units of the last layer
 * @param batchNorm whether batch norm follows each hidden dense layer
 * @param activation what follows each hidden layer
 */
public record ProjectionHead(
    int depth, int width, int outputDim, boolean batchNorm, Activation activation) {

  /** The head's scope inside the regularizer's, when built by {@link #onFeatures}. */
  public static final String SCOPE = "head";

  /** Name of the identity op that carries the head's output. */
  public static final String OUTPUT_NAME = "projection";

  /** What follows each hidden layer. */
  public enum Activation {
    RELU,
    /** Nothing: the hidden layers stay linear (an ablation the paper's head study uses). */
    NONE;

    static Activation of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** The head's options, shared by every loss that builds one. */
  public static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.integer(
                  "head_depth", "projection head: dense layers, 0 for none (the features)")
              .defaultValue(2)
              .range(0, 4),
          OptionSpec.integer("head_width", "projection head: units of each hidden layer")
              .defaultValue(512)
              .range(1, 16_384),
          OptionSpec.integer("head_dim", "projection head: output dimension (unused at depth 0)")
              .defaultValue(128)
              .range(1, 16_384),
          OptionSpec.bool("head_batch_norm", "projection head: batch norm after each hidden layer")
              .defaultValue(true),
          OptionSpec.string(
                  "head_activation", "projection head: activation after each hidden layer")
              .defaultValue("relu")
              .oneOf("relu", "none"));

  public ProjectionHead {
    if (depth < 0 || width < 1 || outputDim < 1) {
      throw new IllegalArgumentException(
          "projection head needs depth >= 0 and positive sizes, got depth "
              + depth
              + ", width "
              + width
              + ", output "
              + outputDim);
    }
  }

  /** The head described by the {@link #OPTIONS} among a regularizer's options. */
  public static ProjectionHead from(Options options) {
    return new ProjectionHead(
        options.getInt("head_depth"),
        options.getInt("head_width"),
        options.getInt("head_dim"),
        options.getBool("head_batch_norm"),
        Activation.of(options.getString("head_activation")));
  }

  /**
   * The head that {@code options} describe, built in the scope {@code head} of a regularizer's
   * context on the training pass's features: what a contrastive loss compares.
   */
  public static Operand<TFloat32> onFeatures(Options options, LossContext ctx) {
    return from(options).build(ctx.scope(SCOPE), ctx.features());
  }

  /**
   * Builds the head on {@code features} [N, D] in {@code ctx}'s scope and returns its output, [N,
   * outputDim] (or the features, at depth 0).
   */
  public Operand<TFloat32> build(GraphContext ctx, Operand<TFloat32> features) {
    // The layers are nclab-api's head, the one [model] head_* builds before the classifier, so a
    // side-branch head and an in-line head of the same options are the same network.
    Operand<TFloat32> x =
        new org.nclab.api.graph.ProjectionHead(
                depth, width, outputDim, batchNorm, activation.name().toLowerCase(Locale.ROOT))
            .build(ctx, features);
    return ctx.tf().withName(OUTPUT_NAME).identity(x);
  }
}
