package org.nclab.runtime.losses;

import java.util.List;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Softmax cross-entropy of the classifier's logits against the labels, averaged over the batch: the
 * default objective when a config names no regularizer.
 */
@Extension
public final class CrossEntropyRegularizer implements Regularizer {
  public static final String ID = "cross-entropy";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "softmax cross-entropy of the classifier logits against one-hot labels";
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    return List.of(new LossTerm(ID, meanCrossEntropy(ctx.tf(), ctx.logits(), ctx.labels())));
  }

  /**
   * mean_i -sum_k y_ik log softmax(z_i)_k, through the dense kernel: TensorFlow Java 1.1.0 has no
   * gradient for the sparse one.
   */
  public static Operand<TFloat32> meanCrossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHot) {
    return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
  }
}
