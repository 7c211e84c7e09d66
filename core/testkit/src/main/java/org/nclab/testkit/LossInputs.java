package org.nclab.testkit;

import java.util.List;
import org.nclab.api.model.Tap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What nclab's training pass hands a regularizer, chosen by the test: see {@link
 * org.nclab.api.train.LossContext} for the layouts.
 *
 * @param features [V·B, D]
 * @param logits [V·B, K]
 * @param labels one-hot [V·B, K]
 * @param views V: the rows are view after view of the same B examples
 */
public record LossInputs(
    Operand<TFloat32> features,
    Operand<TFloat32> logits,
    Operand<TFloat32> labels,
    int numClasses,
    List<Tap> taps,
    int views) {

  public LossInputs {
    taps = List.copyOf(taps);
    if (views < 1) {
      throw new IllegalArgumentException("views must be at least 1, got " + views);
    }
  }

  /** A copy whose rows hold {@code views} views of each example. */
  public LossInputs withViews(int views) {
    return new LossInputs(features, logits, labels, numClasses, taps, views);
  }

  /** A copy with these block outputs. */
  public LossInputs withTaps(List<Tap> taps) {
    return new LossInputs(features, logits, labels, numClasses, taps, views);
  }

  /** A copy with other features (a backbone's output, a placeholder of your own). */
  public LossInputs withFeatures(Operand<TFloat32> features) {
    return new LossInputs(features, logits, labels, numClasses, taps, views);
  }
}
