package org.nclab.runtime.graph;

import java.util.List;
import org.nclab.api.model.Tap;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * One pass of the model built on its own input placeholders: images in, features, taps and logits
 * out. The training and evaluation passes are two of these over the same variables.
 *
 * @param images [N, H, W, C] placeholder
 * @param labels [N, K] one-hot placeholder
 * @param features backbone output [N, D]
 * @param taps block outputs
 * @param logits classifier output [N, K]
 * @param meanLoss cross-entropy of logits against labels, averaged over the batch
 * @param correct number of examples whose arg-max logit is the label (float scalar)
 */
public record ForwardPass(
    Placeholder<TFloat32> images,
    Placeholder<TFloat32> labels,
    Operand<TFloat32> features,
    List<Tap> taps,
    Operand<TFloat32> logits,
    Operand<TFloat32> meanLoss,
    Operand<TFloat32> correct,
    int numClasses) {}
