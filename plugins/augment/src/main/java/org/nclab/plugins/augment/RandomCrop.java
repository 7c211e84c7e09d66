package org.nclab.plugins.augment;

import java.util.List;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.data.ImageShape;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.Extension;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Zero-pads each image by {@code padding} pixels on every side and crops a window of the original
 * size at a random integer offset (the CIFAR-style "random crop with padding"). Crops are exact
 * pixel copies: the window's corners fall on pixel centres.
 */
@Extension
public final class RandomCrop implements Augmentation {

  @Override
  public String id() {
    return "random-crop";
  }

  @Override
  public String summary() {
    return "zero-pad by `padding` pixels, then crop the original size at a random offset";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.integer("padding", "pixels of zero padding on each side")
            .range(0, 64)
            .defaultValue(4L));
  }

  @Override
  public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
    int p = options.getInt("padding");
    if (p == 0) {
      return images;
    }
    Ops tf = ctx.tf();
    ImageShape shape = ctx.shape();
    Operand<TFloat32> padded =
        tf.pad(images, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(0f));
    float paddedH = shape.height() + 2 * p - 1;
    float paddedW = shape.width() + 2 * p - 1;
    // Integer offsets in [0, 2p]: floor of a uniform number in [0, 2p + 1).
    Operand<TFloat32> dy =
        tf.math.floor(BatchRandom.uniformVector(ctx, images, "dy", 0, 2 * p + 1 - 1e-3));
    Operand<TFloat32> dx =
        tf.math.floor(BatchRandom.uniformVector(ctx, images, "dx", 0, 2 * p + 1 - 1e-3));
    Operand<TFloat32> y0 = tf.math.div(dy, tf.constant(paddedH));
    Operand<TFloat32> x0 = tf.math.div(dx, tf.constant(paddedW));
    Operand<TFloat32> y1 =
        tf.math.div(tf.math.add(dy, tf.constant((float) shape.height() - 1)), tf.constant(paddedH));
    Operand<TFloat32> x1 =
        tf.math.div(tf.math.add(dx, tf.constant((float) shape.width() - 1)), tf.constant(paddedW));
    return Crops.cropAndResize(
        tf, padded, Crops.boxes(tf, y0, x0, y1, x1), shape.height(), shape.width());
  }
}
