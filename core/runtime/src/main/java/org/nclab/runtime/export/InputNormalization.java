package org.nclab.runtime.export;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nclab.api.data.ImageShape;
import org.nclab.api.image.PixelScale;
import org.nclab.api.options.Options;
import org.nclab.runtime.config.ExtensionUse;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What an exported model's callers pass and how the graph turns it into what the model was trained
 * on. Datasets of 8-bit images ({@code idx}, and {@code image-folder} / {@code cifar} with {@code
 * normalize = "scale"} or {@code "given"}) take raw {@code uint8} pixels, mapped in the graph
 * through the same 256-entry table per channel the dataset uses, so the model sees bit-identical
 * floats. Any other dataset (generated data, a plugin's, per-dataset statistics nclab cannot see)
 * takes {@code float32} values exactly as the dataset yields them.
 *
 * @param dtype {@code uint8} or {@code float32}
 * @param table for uint8: 256 floats per channel, channel after channel; null for float32
 * @param description one sentence for nclab-model.json and the docs
 */
public record InputNormalization(String dtype, float[] table, String description) {
  public static final String UINT8 = "uint8";
  public static final String FLOAT32 = "float32";

  private static final Set<String> EIGHT_BIT = Set.of("idx", "image-folder", "cifar");

  /** The normalisation the run's {@code [dataset]} table implies. */
  public static InputNormalization of(ExtensionUse dataset, ImageShape shape) {
    int channels = shape.channels();
    if (!EIGHT_BIT.contains(dataset.id())) {
      return floats("dataset '" + dataset.id() + "' yields floats: pass them as the dataset does");
    }
    Options options = dataset.options();
    String mode =
        options.asMap().containsKey("normalize") ? options.getString("normalize") : "scale";
    double[] mean = new double[channels];
    double[] std = new double[channels];
    Arrays.fill(std, 1);
    if (mode.equals("given")) {
      List<Double> m = options.getDoubleList("mean");
      List<Double> s = options.getDoubleList("std");
      for (int c = 0; c < channels; c++) {
        mean[c] = m.get(c);
        std[c] = s.get(c);
      }
    } else if (!mode.equals("scale")) {
      return floats(
          "dataset '"
              + dataset.id()
              + "' normalises with statistics of its train split (normalize = \""
              + mode
              + "\"): pass the normalised floats");
    }
    // The datasets plugin's PixelNormalization uses the same tables, so exported inputs match
    // training's.
    PixelScale scale = new PixelScale(mean, std);
    float[] table = new float[256 * channels];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(scale.table(c), 0, table, c * 256, 256);
    }
    return new InputNormalization(
        UINT8,
        table,
        "raw 8-bit pixels, height x width x channels; the graph computes " + scale.describe());
  }

  private static InputNormalization floats(String description) {
    return new InputNormalization(FLOAT32, null, description);
  }

  public boolean takesPixels() {
    return table != null;
  }

  /** Builds the in-graph mapping from the raw input to the floats the model reads. */
  Operand<TFloat32> apply(Ops tf, Operand<?> raw, int channels) {
    if (table == null) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> floats = (Operand<TFloat32>) raw;
      return floats;
    }
    // Channel c of value v is entry c * 256 + v of the flat table: one gather per value.
    Operand<TInt32> index = tf.dtypes.cast(raw, TInt32.class);
    if (channels > 1) {
      int[] offsets = new int[channels];
      for (int c = 0; c < channels; c++) {
        offsets[c] = c * 256;
      }
      index = tf.math.add(index, tf.constant(offsets));
    }
    return tf.withName("normalized").gather(tf.constant(table), index, tf.constant(0));
  }

  /** For nclab-model.json. */
  Map<String, Object> describe() {
    return Map.of("dtype", dtype, "normalization", description);
  }
}
