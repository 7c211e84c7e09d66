package org.nclab.api.augment;

import org.nclab.api.Extension;
import org.nclab.api.options.Options;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One step of the in-graph augmentation pipeline, named in a config's {@code [[augmentation]]}
 * tables (applied in the order written, on training batches only).
 *
 * <p>Life cycle: {@link #apply} is called once per view while the training graph is built; the
 * runtime feeds the step counter every step, so the ops draw new randomness each step through
 * {@link AugmentContext#seed}. Work on the whole batch with tensor ops (no per-image Java loops)
 * and return a batch of the same shape. Each table also accepts {@code probability}: the runtime
 * keeps an example's input unchanged with probability 1 - p, so an augmentation always augments.
 */
public interface Augmentation extends Extension {

  /**
   * @param images [N, H, W, C] images in the dataset's value range (nclab's built-in datasets: [0,
   *     1])
   * @return the augmented batch, [N, H, W, C]
   */
  Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images);
}
