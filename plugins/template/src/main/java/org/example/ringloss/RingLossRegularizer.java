package org.example.ringloss;

import java.util.List;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.pf4j.Extension;

/**
 * {@code [[regularizer]] id = "ring-loss"}: adds {@link RingLoss} on the backbone's features to the
 * training objective.
 *
 * <pre>{@code
 * [[regularizer]]
 * id = "cross-entropy"
 *
 * [[regularizer]]
 * id = "ring-loss"
 * weight = 0.01     # nclab's own key: the factor of this term in the objective
 * radius = 5.0      # this plugin's option
 * }</pre>
 *
 * <p>{@code @Extension} is what makes nclab find the class: PF4J's annotation processor lists it in
 * the jar's {@code META-INF/extensions.idx}. nclab creates one instance and calls {@link #terms}
 * once per run, so the class keeps no state.
 */
@Extension
public final class RingLossRegularizer implements Regularizer {

  /** The id configs name; also the loss term's name, logged as {@code loss/ring-loss}. */
  public static final String ID = "ring-loss";

  static final String RADIUS = "radius";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.number(RADIUS, "the L2 norm every feature vector is pulled towards")
              .range(0, 1000)
              .defaultValue(1.0));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "ring loss: mean squared gap between each feature vector's norm and a radius";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public List<LossTerm> terms(Options options, LossContext ctx) {
    float radius = (float) options.getDouble(RADIUS);
    return List.of(new LossTerm(ID, RingLoss.penalty(ctx.tf(), ctx.features(), radius)));
  }
}
