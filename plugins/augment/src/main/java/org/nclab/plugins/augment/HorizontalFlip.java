package org.nclab.plugins.augment;

import java.util.List;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Mirrors each image left to right with probability {@code p} (torchvision's RandomHorizontalFlip).
 */
@Extension
public final class HorizontalFlip implements Augmentation {

  @Override
  public String id() {
    return "flip";
  }

  @Override
  public String summary() {
    return "horizontal flip of each image with probability p";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.number("p", "chance that an image is mirrored").range(0, 1).defaultValue(0.5));
  }

  @Override
  public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> mirrored = tf.reverse(images, tf.constant(new int[] {2}));
    return BatchRandom.choose(
        tf,
        BatchRandom.bernoulliPerExample(ctx, images, "flip", options.getDouble("p")),
        mirrored,
        images);
  }
}
