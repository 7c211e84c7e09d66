package org.nclab.plugins.augment;

import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.OptionType;
import org.nclab.api.options.Options;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Crops a random box covering a random fraction of the image area with a random aspect ratio and
 * resizes it back to the image size, bilinearly (SimCLR's and torchvision's RandomResizedCrop; a
 * box that would leave the image is shrunk to fit).
 */
@Extension
public final class RandomResizedCrop implements Augmentation {

  @Override
  public String id() {
    return "random-resized-crop";
  }

  @Override
  public String summary() {
    return "crop a random area fraction and aspect ratio, resize back to the image size";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.of(
                "scale",
                OptionType.DOUBLE_LIST,
                "[min, max] fraction of the image area the box covers")
            .range(1e-3, 1)
            .defaultValue(List.of(0.2, 1.0)),
        OptionSpec.of("ratio", OptionType.DOUBLE_LIST, "[min, max] width/height ratio of the box")
            .range(1e-2, 100)
            .defaultValue(List.of(0.75, 4.0 / 3.0)));
  }

  @Override
  public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
    List<Double> scale = pair(options, "scale");
    List<Double> ratio = pair(options, "ratio");
    Ops tf = ctx.tf();
    Operand<TFloat32> area =
        BatchRandom.uniformVector(ctx, images, "area", scale.get(0), scale.get(1));
    Operand<TFloat32> logRatio =
        BatchRandom.uniformVector(
            ctx, images, "ratio", Math.log(ratio.get(0)), Math.log(ratio.get(1)));
    Operand<TFloat32> aspect = tf.math.exp(logRatio);
    Operand<TFloat32> one = tf.constant(1f);
    // In normalised units: w * h = area and w / h = aspect; clipped to the image.
    Operand<TFloat32> w = tf.math.minimum(tf.math.sqrt(tf.math.mul(area, aspect)), one);
    Operand<TFloat32> h = tf.math.minimum(tf.math.sqrt(tf.math.div(area, aspect)), one);
    Operand<TFloat32> y0 =
        tf.math.mul(BatchRandom.uniformVector(ctx, images, "y0", 0, 1), tf.math.sub(one, h));
    Operand<TFloat32> x0 =
        tf.math.mul(BatchRandom.uniformVector(ctx, images, "x0", 0, 1), tf.math.sub(one, w));
    Operand<TFloat32> boxes = Crops.boxes(tf, y0, x0, tf.math.add(y0, h), tf.math.add(x0, w));
    return Crops.cropAndResize(tf, images, boxes, ctx.shape().height(), ctx.shape().width());
  }

  private static List<Double> pair(Options options, String name) {
    List<Double> values = options.getDoubleList(name);
    if (values.size() != 2 || values.get(0) > values.get(1)) {
      throw new UserException(
          "augmentation 'random-resized-crop' option "
              + name
              + " = "
              + values
              + " must be [min, max] with min <= max, e.g. "
              + name
              + " = [0.2, 1.0]");
    }
    return values;
  }
}
