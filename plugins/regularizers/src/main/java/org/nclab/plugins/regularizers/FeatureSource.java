package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.Tap;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.train.LossContext;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Which activations a variability penalty reads: the backbone's features (the default), or a
 * block's output by tap name, global-average-pooled to [N, C] when it is a feature map. The paper
 * measures collapse layer by layer, so a penalty can act on any block.
 */
final class FeatureSource {
  static final String OPTION = "tap";

  private FeatureSource() {}

  static OptionSpec option() {
    return OptionSpec.string(
            OPTION,
            "\"\" for the backbone's features, or a block's tap name (e.g. \"block2\"), pooled")
        .defaultValue("");
  }

  /** The chosen activations as [N, D]; a user-facing error when the tap does not exist. */
  static Operand<TFloat32> select(LossContext ctx, String tap, String regularizerId) {
    if (tap.isEmpty()) {
      return ctx.features();
    }
    List<Tap> taps = ctx.taps();
    for (Tap candidate : taps) {
      if (candidate.name().equals(tap)) {
        Operand<TFloat32> output = candidate.output();
        return output.shape().numDimensions() == 4 ? Layers.globalAveragePool(ctx, output) : output;
      }
    }
    throw UserException.of(
        "tap \"" + tap + "\" is not a block of this model",
        "[[regularizer]] id = \"" + regularizerId + "\", key " + OPTION,
        "use one of "
            + taps.stream().map(t -> "\"" + t.name() + "\"").toList()
            + ", or \"\" for the features");
  }
}
