package org.nclab.plugins.datasets;

import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;

/**
 * A split held in memory as 8-bit pixels, a quarter of the floats an {@code ArraySplit} needs; each
 * image is normalised as it is copied out.
 */
final class ByteImageSplit implements Split {
  private final byte[] pixels;
  private final int[] labels;
  private final int imageSize;
  private final PixelNormalization normalization;

  ByteImageSplit(byte[] pixels, int[] labels, ImageShape shape, PixelNormalization normalization) {
    if ((long) labels.length * shape.size() != pixels.length) {
      throw new IllegalArgumentException(
          labels.length + " labels but " + pixels.length + " bytes of " + shape + " images");
    }
    this.pixels = pixels;
    this.labels = labels;
    this.imageSize = shape.size();
    this.normalization = normalization;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public void copyImage(int index, float[] dst, int offset) {
    normalization.convert(pixels, index * imageSize, imageSize, dst, offset);
  }
}
