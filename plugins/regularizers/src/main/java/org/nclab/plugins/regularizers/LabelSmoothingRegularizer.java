package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Regularizer {@code label-smoothing}: softmax cross-entropy against smoothed targets (Szegedy et
 * al. 2016), a replacement for cross-entropy. With K classes and ε = {@code smoothing}:
 *
 * <pre>
 *   t_ik = (1 − ε) · y_ik + ε / K
 *   loss = (1/N) Σ_i −Σ_k t_ik log softmax(z_i)_k
 * </pre>
 *
 * ε = 0 is plain cross-entropy.
 */
@Extension
public final class LabelSmoothingRegularizer extends DescribedRegularizer {
  public static final String ID = "label-smoothing";
  private static final List<OptionSpec> OPTIONS =
      List.of(
          // OptionSpec ranges are closed; 0.999 stands for "below 1": at 1 the target would be
          // uniform and the label ignored.
          OptionSpec.number(
                  "smoothing", "ε in [0, 1): the probability mass spread over all classes")
              .defaultValue(0.1)
              .range(0, 0.999));

  public LabelSmoothingRegularizer() {
    super(ID, "cross-entropy against (1 − ε) · one-hot + ε / K targets (Szegedy et al.)", OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    return List.of(
        new LossTerm(
            ID,
            smoothedCrossEntropy(
                ctx.tf(), ctx.logits(), ctx.labels(), options.getDouble("smoothing"))));
  }

  /**
   * mean_i −Σ_k t_ik log softmax(z_i)_k with t = (1 − ε) y + ε / K, through the dense kernel
   * (TensorFlow Java 1.1.0 has no gradient for the sparse one).
   *
   * @param oneHot [N, K] with K known when the graph is built
   */
  static Operand<TFloat32> smoothedCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHot, double smoothing) {
    long classes = oneHot.shape().get(1);
    if (classes <= 0) {
      throw new IllegalArgumentException("labels need a known class count, got " + oneHot.shape());
    }
    Operand<TFloat32> targets =
        tf.math.add(
            tf.math.mul(oneHot, tf.constant((float) (1 - smoothing))),
            tf.constant((float) (smoothing / classes)));
    return BatchOps.mean(tf, tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss());
  }
}
