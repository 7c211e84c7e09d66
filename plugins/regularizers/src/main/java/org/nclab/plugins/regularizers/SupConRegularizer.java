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
 * Regularizer {@code supcon}: the supervised contrastive loss (Khosla et al. 2020) on the
 * L2-normalised output of a projection head over the backbone's features. Every other row with the
 * same label, in any view, is a positive; every other row is in the denominator. See {@link
 * ContrastiveLosses} for the formula and {@link ProjectionHead} for the head.
 *
 * <p>The head is trained by this loss only; the classifier is not on its path, so pair it with
 * {@code cross-entropy} (the usual two-table config) or with a detached classifier.
 */
@Extension
public final class SupConRegularizer extends DescribedRegularizer {
  public static final String ID = "supcon";
  private static final List<OptionSpec> OPTIONS = ContrastiveLosses.options(0.1);

  public SupConRegularizer() {
    super(
        ID,
        "supervised contrastive loss on L2-normalised projection-head outputs (Khosla et al.)",
        OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    Operand<TFloat32> projections = ProjectionHead.onFeatures(options, ctx);
    return List.of(
        new LossTerm(
            ID,
            ContrastiveLosses.supervised(
                ctx.tf(), projections, ctx.labels(), options.getDouble("temperature"))));
  }
}
