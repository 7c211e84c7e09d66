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
 * Regularizer {@code mse}: the squared error between the classifier's logits and scaled one-hot
 * targets, a replacement for cross-entropy. As in Hui and Belkin ("Evaluation of neural
 * architectures trained with square loss vs cross-entropy", 2021) it acts on the logits, not on
 * softmax outputs: no softmax is applied.
 *
 * <pre>
 *   loss = (1/N) Σ_i Σ_k (z_ik − s · y_ik)²      s = target_scale
 * </pre>
 */
@Extension
public final class MseRegularizer extends DescribedRegularizer {
  public static final String ID = "mse";
  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.number(
                  "target_scale",
                  "s in the targets s · one-hot; Hui and Belkin raise it for many classes")
              .defaultValue(1.0)
              .range(0.001, 1000));

  public MseRegularizer() {
    super(
        ID, "squared error of the logits against scaled one-hot targets (Hui and Belkin)", OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    return List.of(
        new LossTerm(
            ID,
            meanSquaredError(
                ctx.tf(), ctx.logits(), ctx.labels(), options.getDouble("target_scale"))));
  }

  /** mean_i Σ_k (z_ik − s · y_ik)², the sum over classes and the mean over the batch. */
  static Operand<TFloat32> meanSquaredError(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHot, double targetScale) {
    Operand<TFloat32> targets = tf.math.mul(oneHot, tf.constant((float) targetScale));
    return BatchOps.mean(tf, BatchOps.rowSums(tf, tf.math.square(tf.math.sub(logits, targets))));
  }
}
