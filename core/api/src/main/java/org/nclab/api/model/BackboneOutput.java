package org.nclab.api.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What a backbone returns.
 *
 * @param features the transferable representation, [N, D] with D known when the graph is built
 * @param taps block outputs in input-to-output order; the last one's pooled value is {@code
 *     features}
 */
public record BackboneOutput(Operand<TFloat32> features, List<Tap> taps) {

  /** Copies {@code taps} and checks that {@code features} is [N, D] with D known. */
  public BackboneOutput {
    taps = List.copyOf(taps);
    if (features.shape().numDimensions() != 2 || features.shape().get(1) <= 0) {
      throw new IllegalArgumentException(
          "backbone features must be [N, D] with known D, got " + features.shape());
    }
  }

  /** D, the width of {@link #features()}: what the classifier and probes are sized by. */
  public int featureDim() {
    return (int) features.shape().get(1);
  }
}
