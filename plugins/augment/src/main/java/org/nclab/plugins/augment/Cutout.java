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
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Random erasing / cutout (DeVries and Taylor): sets a square of side {@code size} x image side,
 * centred at a uniformly random pixel (the square may extend past the border), to {@code value}.
 * The mask is built from coordinate grids and broadcast comparisons: no per-image loop.
 */
@Extension
public final class Cutout implements Augmentation {

  @Override
  public String id() {
    return "cutout";
  }

  @Override
  public String summary() {
    return "erase a random square (side = size x image side) to a constant";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.number("size", "side of the square as a fraction of the image side")
            .range(0, 1)
            .defaultValue(0.5),
        OptionSpec.number("value", "value written into the square").defaultValue(0.0));
  }

  @Override
  public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
    Ops tf = ctx.tf();
    ImageShape shape = ctx.shape();
    float halfH = (float) (options.getDouble("size") * shape.height() / 2);
    float halfW = (float) (options.getDouble("size") * shape.width() / 2);
    Operand<TFloat32> cy = BatchRandom.uniformPerExample(ctx, images, "cy", 0, shape.height());
    Operand<TFloat32> cx = BatchRandom.uniformPerExample(ctx, images, "cx", 0, shape.width());
    Operand<TFloat32> rows = grid(tf, shape.height(), true);
    Operand<TFloat32> cols = grid(tf, shape.width(), false);
    Operand<TBool> insideY = tf.math.less(tf.math.abs(tf.math.sub(rows, cy)), tf.constant(halfH));
    Operand<TBool> insideX = tf.math.less(tf.math.abs(tf.math.sub(cols, cx)), tf.constant(halfW));
    Operand<TBool> erase = tf.math.logicalAnd(insideY, insideX); // [N, H, W, 1]
    return BatchRandom.choose(tf, erase, tf.constant((float) options.getDouble("value")), images);
  }

  /** Pixel-centre coordinates 0.5, 1.5, ... shaped [1, n, 1, 1] (rows) or [1, 1, n, 1] (cols). */
  private static Operand<TFloat32> grid(Ops tf, int n, boolean rows) {
    float[] centres = new float[n];
    for (int i = 0; i < n; i++) {
      centres[i] = i + 0.5f;
    }
    long[] shape = rows ? new long[] {1, n, 1, 1} : new long[] {1, 1, n, 1};
    return tf.reshape(tf.constant(centres), tf.constant(shape));
  }
}
