package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Regularizer {@code vicreg}: VICReg's variance and covariance terms (Bardes et al. 2022) on the
 * features of the batch, without its invariance term. The variance hinge keeps every feature
 * dimension spread out; the covariance term decorrelates the dimensions. Both resist the collapse
 * of features onto a few directions. With Z [N, D] and C its unbiased batch covariance:
 *
 * <pre>
 *   v = (1/D) Σ_j max(0, γ − sqrt(C_jj + ε))
 *   c = (1/D) Σ_{j ≠ l} C_jl²
 * </pre>
 *
 * It returns two terms, {@code vicreg-variance} = variance_weight · v and {@code vicreg-covariance}
 * = covariance_weight · c, each then multiplied by the table's {@code weight}; they are logged as
 * {@code loss/vicreg-variance} and {@code loss/vicreg-covariance}.
 */
@Extension
public final class VicRegRegularizer extends DescribedRegularizer {
  public static final String ID = "vicreg";
  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.number(
                  "variance_target", "γ, the standard deviation each dimension should keep")
              .defaultValue(1.0)
              .range(0, 1000),
          OptionSpec.number("epsilon", "ε added to the variance under the square root")
              .defaultValue(1e-4)
              .range(1e-12, 1),
          OptionSpec.number("variance_weight", "factor of the variance hinge v")
              .defaultValue(1.0)
              .range(0, 1e6),
          OptionSpec.number("covariance_weight", "factor of the covariance term c")
              .defaultValue(0.04)
              .range(0, 1e6),
          FeatureSource.option());

  public VicRegRegularizer() {
    super(
        ID,
        "VICReg's variance hinge and covariance penalty on the features (Bardes et al.)",
        OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> features =
        FeatureSource.select(ctx, options.getString(FeatureSource.OPTION), ID);
    Operand<TFloat32> variance =
        varianceHinge(
            tf, features, options.getDouble("variance_target"), options.getDouble("epsilon"));
    Operand<TFloat32> covariance = offDiagonalCovariance(tf, features);
    return List.of(
        new LossTerm(ID + "-variance", scaled(tf, variance, options.getDouble("variance_weight"))),
        new LossTerm(
            ID + "-covariance", scaled(tf, covariance, options.getDouble("covariance_weight"))));
  }

  /** v = (1/D) Σ_j max(0, γ − sqrt(Var_j + ε)), with the unbiased batch variance. */
  static Operand<TFloat32> varianceHinge(
      Ops tf, Operand<TFloat32> features, double target, double epsilon) {
    Operand<TFloat32> centered = centered(tf, features);
    Operand<TFloat32> variance =
        tf.math.div(
            tf.sum(tf.math.square(centered), tf.constant(0)), degreesOfFreedom(tf, features));
    Operand<TFloat32> std = tf.math.sqrt(tf.math.add(variance, tf.constant((float) epsilon)));
    return BatchOps.mean(tf, tf.nn.relu(tf.math.sub(tf.constant((float) target), std)));
  }

  /**
   * c = (1/D) Σ_{j ≠ l} C_jl². The diagonal is masked out rather than subtracted: subtracting Σ
   * C_jj² from Σ C_jl² loses the small off-diagonal sum to float32 rounding.
   *
   * @param features [N, D] with D known when the graph is built
   */
  static Operand<TFloat32> offDiagonalCovariance(Ops tf, Operand<TFloat32> features) {
    long dims = features.shape().get(1);
    if (dims <= 0) {
      throw new IllegalArgumentException("features need a known width, got " + features.shape());
    }
    Operand<TFloat32> centered = centered(tf, features);
    Operand<TFloat32> covariance =
        tf.math.div(
            tf.linalg.matMul(centered, centered, MatMul.transposeA(true)),
            degreesOfFreedom(tf, features));
    Operand<TFloat32> offDiagonal =
        tf.math.sub(tf.constant(1f), BatchOps.identity(tf, tf.constant((int) dims)));
    return tf.math.div(
        BatchOps.sumAll(tf, tf.math.mul(tf.math.square(covariance), offDiagonal)),
        tf.constant((float) dims));
  }

  private static Operand<TFloat32> centered(Ops tf, Operand<TFloat32> features) {
    return tf.math.sub(features, tf.math.mean(features, tf.constant(0), Mean.keepDims(true)));
  }

  /** N − 1 for the unbiased estimate, at least 1 so that a one-row batch gives 0, not NaN. */
  private static Operand<TFloat32> degreesOfFreedom(Ops tf, Operand<TFloat32> features) {
    return tf.math.maximum(
        tf.math.sub(BatchOps.rowsAsFloat(tf, features), tf.constant(1f)), tf.constant(1f));
  }

  private static Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> term, double factor) {
    return tf.math.mul(term, tf.constant((float) factor));
  }
}
