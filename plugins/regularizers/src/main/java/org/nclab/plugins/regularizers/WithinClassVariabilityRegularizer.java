package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Regularizer {@code within-class-variability}: keeps features from collapsing onto their class
 * means beyond a point, the paper's "prevent within-class variability collapse to a certain
 * extent". It penalises the batch's within- to between-class scatter ratio (see {@link
 * ClassScatter}) only while it is below {@code target}:
 *
 * <pre>
 *   penalty = max(0, target − tr(Σ_W) / tr(Σ_B))²
 * </pre>
 *
 * Its strength is the table's {@code weight}, so a study sweeps it like any other weight. Use it
 * beside a classification loss (which drives the collapse it holds back).
 */
@Extension
public final class WithinClassVariabilityRegularizer extends DescribedRegularizer {
  public static final String ID = "within-class-variability";
  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.number(
                  "target", "the scatter ratio tr(Σ_W)/tr(Σ_B) below which the penalty applies")
              .defaultValue(0.5)
              .range(0, 1000),
          FeatureSource.option());

  public WithinClassVariabilityRegularizer() {
    super(
        ID,
        "hinge that keeps the within/between-class scatter ratio of the features above a target",
        OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    Operand<TFloat32> features =
        FeatureSource.select(ctx, options.getString(FeatureSource.OPTION), ID);
    Operand<TFloat32> ratio = ClassScatter.withinToBetweenRatio(ctx.tf(), features, ctx.labels());
    return List.of(
        new LossTerm(
            ID, ClassScatter.squaredHingeBelow(ctx.tf(), ratio, options.getDouble("target"))));
  }
}
