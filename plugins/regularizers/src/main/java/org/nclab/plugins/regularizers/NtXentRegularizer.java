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
 * <p>Needs at least two views of every example, which an augmentation provides ({@code views = 2}
 * in the {@code [augment]} table); with more than two, every other view of the example is a
 * positive. The classifier is not on this loss's path: on its own it trains the backbone and the
 * head only.
 */
@Extension
public final class NtXentRegularizer extends DescribedRegularizer {
  public static final String ID = "nt-xent";
  private static final List<OptionSpec> OPTIONS = ContrastiveLosses.options(0.5);

  public NtXentRegularizer() {
    super(ID, "SimCLR's NT-Xent between two augmented views, labels unused (Chen et al.)", OPTIONS);
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    int views = ctx.views();
    if (views < 2) {
      throw UserException.of(
          "regularizer '"
              + ID
              + "' compares two augmented views of each example, but the batch"
              + " holds "
              + views
              + " view",
          "[[regularizer]] id = \"" + ID + "\"",
          "set views = 2 in the [augment] table");
    }
    Operand<TFloat32> projections = ProjectionHead.onFeatures(options, ctx);
    return List.of(
        new LossTerm(
            ID,
            ContrastiveLosses.ntXent(
                ctx.tf(), projections, views, options.getDouble("temperature"))));
  }
}
