package org.nclab.api.train;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One scalar term of the training objective. The runtime multiplies it by the regularizer's {@code
 * weight}, adds it to the loss and logs it (unweighted) as {@code loss/NAME}.
 *
 * @param name short name for metrics, e.g. {@code cross-entropy}
 * @param value a scalar, averaged over the batch
 */
public record LossTerm(String name, Operand<TFloat32> value) {}
