package org.nclab.api.data;

import java.util.Objects;

/** A split held in memory as one flat float array; the usual choice for MNIST-sized data. */
public final class ArraySplit implements Split {
  private final float[] images;
  private final int[] labels;
  private final int imageSize;

  /**
   * @param images {@code labels.length * shape.size()} floats, image after image (not copied)
   * @param labels one class index per image (not copied)
   */
  public ArraySplit(float[] images, int[] labels, ImageShape shape) {
    this.images = Objects.requireNonNull(images, "images");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.imageSize = shape.size();
    if ((long) labels.length * imageSize != images.length) {
      throw new IllegalArgumentException(
          labels.length
              + " labels need "
              + (long) labels.length * imageSize
              + " floats of "
              + shape
              + " images, got "
              + images.length);
    }
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
    System.arraycopy(images, index * imageSize, dst, offset, imageSize);
  }
}
