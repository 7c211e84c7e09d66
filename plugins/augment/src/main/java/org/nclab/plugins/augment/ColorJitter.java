package org.nclab.plugins.augment;

import java.util.List;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Brightness and contrast jitter per image: x' = (x - m) * c + m + b, with m the image's mean, c ~
 * U(1 - contrast, 1 + contrast) and b ~ U(-brightness, brightness).
 */
@Extension
public final class ColorJitter implements Augmentation {

  @Override
  public String id() {
    return "color-jitter";
  }

  @Override
  public String summary() {
    return "random brightness shift and contrast scaling per image";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.number("brightness", "maximum absolute brightness shift")
            .range(0, 1)
            .defaultValue(0.2),
        OptionSpec.number("contrast", "maximum relative contrast change")
            .range(0, 1)
            .defaultValue(0.2));
  }

  @Override
  public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    double brightness = options.getDouble("brightness");
    double contrast = options.getDouble("contrast");
    Operand<TFloat32> mean =
        tf.math.mean(images, tf.constant(new int[] {1, 2, 3}), Mean.keepDims(true));
    Operand<TFloat32> c =
        BatchRandom.uniformPerExample(ctx, images, "contrast", 1 - contrast, 1 + contrast);
    Operand<TFloat32> b =
        BatchRandom.uniformPerExample(ctx, images, "brightness", -brightness, brightness);
    return tf.math.add(tf.math.add(tf.math.mul(tf.math.sub(images, mean), c), mean), b);
  }
}
