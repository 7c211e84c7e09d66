package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Regularizer {@code focal}: the focal loss (Lin et al. 2017), softmax cross-entropy that weighs
 * down examples the model already gets right; a replacement for cross-entropy. With p_t the softmax
 * probability of the true class:
 *
 * <pre>
 *   loss = (1/N) Σ_i −α_{y_i} (1 − p_t)^γ log p_t
 * </pre>
 *
 * γ = 0 without α is plain cross-entropy. α is optional: one weight per class ({@code alpha =
 * [..]}, as many as the dataset has classes), or none (every α = 1). The mean is over examples, not
 * normalised by the α's.
 */
@Extension
public final class FocalRegularizer extends DescribedRegularizer {
  public static final String ID = "focal";

  /**
   * Floor on 1 − p_t before the power: when p_t rounds to 1, the power's gradient evaluates γ ·
   * 0^(γ−1), which is infinite for γ < 1 and turns the step's gradient into NaN.
   */
  private static final float MISS_FLOOR = 1e-30f;

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.number("gamma", "γ, the focusing exponent; 0 gives cross-entropy")
              .defaultValue(2.0)
              .range(0, 20),
          OptionSpec.of(
                  "alpha",
                  OptionType.DOUBLE_LIST,
                  "optional class weights α, one per class; empty for none")
              .defaultValue(List.of())
              .range(0, 1e6));

  public FocalRegularizer() {
    super(
        ID, "focal loss −α (1 − p_t)^γ log p_t on the softmax of the logits (Lin et al.)", OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    List<Double> alpha = options.getDoubleList("alpha");
    if (!alpha.isEmpty() && alpha.size() != ctx.numClasses()) {
      throw UserException.of(
          "regularizer '"
              + ID
              + "' has "
              + alpha.size()
              + " class weights but the dataset has "
              + ctx.numClasses()
              + " classes",
          "[[regularizer]] id = \"" + ID + "\", key alpha",
          "give one weight per class, or leave alpha out");
    }
    return List.of(
        new LossTerm(
            ID,
            focalLoss(ctx.tf(), ctx.logits(), ctx.labels(), options.getDouble("gamma"), alpha)));
  }

  /**
   * mean_i −α_{y_i} (1 − p_t)^γ log p_t.
   *
   * @param classWeights α, one per class, or empty for none
   */
  static Operand<TFloat32> focalLoss(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> oneHot,
      double gamma,
      List<Double> classWeights) {
    Operand<TFloat32> logTrueClass =
        BatchOps.rowSums(tf, tf.math.mul(oneHot, tf.nn.logSoftmax(logits)));
    Operand<TFloat32> miss = tf.math.sub(tf.constant(1f), tf.math.exp(logTrueClass));
    Operand<TFloat32> modulation =
        tf.math.pow(tf.math.maximum(miss, tf.constant(MISS_FLOOR)), tf.constant((float) gamma));
    Operand<TFloat32> perExample = tf.math.neg(tf.math.mul(modulation, logTrueClass));
    if (!classWeights.isEmpty()) {
      float[] alpha = new float[classWeights.size()];
      for (int k = 0; k < alpha.length; k++) {
        alpha[k] = classWeights.get(k).floatValue();
      }
      Operand<TFloat32> alphaOfExample =
          BatchOps.rowSums(tf, tf.math.mul(oneHot, tf.constant(alpha)));
      perExample = tf.math.mul(alphaOfExample, perExample);
    }
    return BatchOps.mean(tf, perExample);
  }
}
