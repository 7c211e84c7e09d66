package org.nclab.runtime.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.model.Tap;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One pass of the model built on its own input placeholders: images in, features, taps and logits
 * out. The training and evaluation passes are two of these over the same variables.
 *
 * @param images [N, H, W, C] placeholder
 * @param labels [N, K] one-hot placeholder
 * @param targets the labels of every row the model sees: {@code labels} repeated once per view
 * @param modelInput the images the backbone sees: the augmented views, view after view
 * @param features backbone output [N, D]
 * @param taps block outputs
 * @param logits classifier output [N, K]
 * @param meanLoss cross-entropy of logits against labels, averaged over the batch
 * @param correct number of examples whose arg-max logit is the label (float scalar)
 * @param predictions arg-max class per example, int32 [N]
 * @param probeTaps one vector per example for each tap probes can read, by name: every block
 *     (feature maps global-average-pooled) and {@code features}, gradients stopped
 */
public record ForwardPass(
    Placeholder<TFloat32> images,
    Placeholder<TFloat32> labels,
    Operand<TFloat32> targets,
    Operand<TFloat32> modelInput,
    int views,
    Operand<TFloat32> features,
    List<Tap> taps,
    Operand<TFloat32> logits,
    Operand<TFloat32> meanLoss,
    Operand<TFloat32> correct,
    Operand<TInt32> predictions,
    Map<String, Operand<TFloat32>> probeTaps,
    int numClasses) {

  /** The name of the backbone's output among {@link #probeTaps}. */
  public static final String FEATURES = "features";

  /** The name of the projection head's output among {@link #probeTaps}, when there is a head. */
  public static final String HEAD = "head";

  /**
   * The name of the classifier's input when a skip connection joins a block's output to the
   * features (SCL fine-tuning).
   */
  public static final String SKIP = "skip";

  /** The tap the classifier reads: the head's output, the skip connection's, or the features. */
  public String classifierTap() {
    return probeTaps.containsKey(HEAD) ? HEAD : probeTaps.containsKey(SKIP) ? SKIP : FEATURES;
  }

  public ForwardPass {
    taps = List.copyOf(taps);
    probeTaps = Collections.unmodifiableMap(new LinkedHashMap<>(probeTaps));
  }
}
