package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Regularizer {@code nt-xent}: SimCLR's normalised temperature-scaled cross-entropy (Chen et al.
 * 2020), self-supervised: labels are not read. Each row's positive is the other augmented view of
 * the same example ({@link org.nclab.api.train.LossContext#views()} says how the batch is laid
 * out); every other row is a negative. See {@link ContrastiveLosses} for the formula and {@link
 * ProjectionHead} for the head.
 *
 * <p>Needs at least two views of every example ({@code views = 2} in the {@code [train]} table,
 * with {@code [[augmentation]]} tables to make the views differ); with more than two, every other
 * view of the example is a positive. The classifier is not on this loss's path: on its own it
 * trains the backbone and the head only, so a run with nt-xent alone needs a detached classifier
 * ({@code classifier = "detached"} in {@code [train]}) or a second, supervised loss.
 */
@Extension
public final class NtXentRegularizer extends DescribedRegularizer {
  public static final String ID = "nt-xent";
  private static final List<OptionSpec> OPTIONS = ContrastiveLosses.options(0.5);

  /** Where the runtime reads the number of views (its {@code [train]} option {@code views}). */
  static final String VIEWS_FIX =
      "set views = 2 in the [train] table and add [[augmentation]] tables so the views differ";

  public NtXentRegularizer() {
    super(ID, "SimCLR's NT-Xent between two augmented views, labels unused (Chen et al.)", OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    int views = ctx.views();
    if (views < 2) {
      throw UserException.of(
          "regularizer '%s' needs two augmented views of each example, but views = %d"
              .formatted(ID, views),
          "[[regularizer]] id = \"" + ID + "\"",
          VIEWS_FIX);
    }
    Operand<TFloat32> projections = ProjectionHead.onFeatures(options, ctx);
    return List.of(
        new LossTerm(
            ID,
            ContrastiveLosses.ntXent(
                ctx.tf(), projections, views, options.getDouble("temperature"))));
  }
}
