package org.nclab.testkit;

import java.nio.charset.StandardCharsets;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.data.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * An {@link AugmentContext} at one training step: seeds are constants that depend on the run seed,
 * the purpose and the step, so a test can check that a step repeats exactly and that the next step
 * draws anew. Made by {@link TestGraph#augmentContext}.
 */
public final class TestAugmentContext implements AugmentContext {
  private final Ops tf;
  private final ImageShape shape;
  private final long runSeed;
  private final long step;

  TestAugmentContext(Ops tf, ImageShape shape, long runSeed, long step) {
    this.tf = tf;
    this.shape = shape;
    this.runSeed = runSeed;
    this.step = step;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public Operand<TInt64> seed(String purpose) {
    long hash = runSeed;
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    return tf.constant(new long[] {hash, step});
  }
}
