package org.nclab.plugins.datasets;

import java.util.Arrays;
import java.util.List;
import org.nclab.api.image.PixelScale;

/**
 * Turns 8-bit pixels into the floats the model sees: {@code (v / 255 - mean[c]) / std[c]} per
 * channel (mean 0 and std 1 for plain scaling to [0, 1]). One 256-entry table per channel, so
 * converting an image is one lookup per value, and plain scaling gives exactly {@code v / 255f},
 * the value every other nclab dataset gives. The tables are the API's {@link PixelScale}'s, which
 * exported models and {@code nclab predict} use too.
 */
final class PixelNormalization {
  private final float[][] tables;
  private final double[] mean;
  private final double[] std;

  PixelNormalization(double[] mean, double[] std) {
    this.mean = mean.clone();
    this.std = std.clone();
    PixelScale scale = new PixelScale(mean, std);
    tables = new float[mean.length][];
    for (int c = 0; c < mean.length; c++) {
      tables[c] = scale.table(c);
    }
  }

  /** Plain scaling to [0, 1]. */
  static PixelNormalization unit(int channels) {
    double[] zeros = new double[channels];
    double[] ones = new double[channels];
    Arrays.fill(ones, 1);
    return new PixelNormalization(zeros, ones);
  }

  /** Converts {@code count} bytes (whole pixels) starting at {@code from} into {@code dst}. */
  void convert(byte[] src, int from, int count, float[] dst, int offset) {
    int channels = tables.length;
    if (channels == 1) {
      float[] table = tables[0];
      for (int i = 0; i < count; i++) {
        dst[offset + i] = table[src[from + i] & 0xFF];
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      dst[offset + i] = tables[i % channels][src[from + i] & 0xFF];
    }
  }

  List<Double> mean() {
    return Arrays.stream(mean).boxed().toList();
  }

  List<Double> std() {
    return Arrays.stream(std).boxed().toList();
  }
}
