package org.nclab.api.train;

import java.util.List;
import org.nclab.api.Extension;
import org.nclab.api.options.Options;

/**
 * Contributes weighted terms to the training objective; named in a config's {@code [[regularizer]]}
 * tables. Loss functions, projection heads and anti-collapse penalties are all regularizers: the
 * objective is the sum over tables of {@code weight * term}.
 *
 * <p>Life cycle: {@link #terms} is called once per run, while the training graph is built, after
 * the backbone and classifier. It may create variables (a projection head's weights) through the
 * context; they are trained with the rest. It is not called for the evaluation graph.
 *
 * <p>To write one: keep the math in a small static function of operands that a test can check
 * against a hand computation, and make this class only read options and call it. Every table
 * accepts {@code weight} (default 1.0) besides the options declared here.
 */
public interface Regularizer extends Extension {

  /**
   * Builds this regularizer's terms in the training graph.
   *
   * @param options the validated options of this {@code [[regularizer]]} table ({@code weight} is
   *     the runtime's, not in here)
   * @param ctx the training pass's tensors and a scope of this table's own for new variables
   * @return one or more scalar terms, unweighted; each is logged as {@code loss/NAME}
   */
  List<LossTerm> terms(Options options, LossContext ctx);
}
