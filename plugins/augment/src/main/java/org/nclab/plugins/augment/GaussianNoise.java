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

/** Adds independent N(0, std²) noise to every pixel. */
@Extension
public final class GaussianNoise implements Augmentation {

  @Override
  public String id() {
    return "gaussian-noise";
  }

  @Override
  public String summary() {
    return "add N(0, std^2) noise to every pixel";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.number("std", "standard deviation of the noise")
            .range(0, 10)
            .defaultValue(0.05));
  }

  @Override
  public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    Operand<TFloat32> noise = tf.random.statelessRandomNormal(tf.shape(images), ctx.seed("noise"));
    return tf.math.add(images, tf.math.mul(noise, tf.constant((float) options.getDouble("std"))));
  }
}
