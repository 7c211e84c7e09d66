package org.nclab.api.augment;

import org.nclab.api.data.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * What an {@link Augmentation} builds with: ops in its own scope, the image shape, and seeds for
 * stateless random ops that change every training step yet repeat exactly when a run is repeated or
 * resumed.
 */
public interface AugmentContext {

  Ops tf();

  /** The shape of one image; the batch is [N, H, W, C] with N known only at run time. */
  ImageShape shape();

  /**
   * A seed pair ([2] int64) for TensorFlow's stateless random ops: a function of the run seed, this
   * step of the pipeline, the view being made, {@code purpose}, and the training step counter. Two
   * calls with different purposes give independent streams.
   */
  Operand<TInt64> seed(String purpose);
}
