package org.nclab.api.data;

/** The shape of one image, channels last (NHWC is what TensorFlow's CPU kernels want). */
public record ImageShape(int height, int width, int channels) {

  /** Refuses a shape with a dimension that is not positive. */
  public ImageShape {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "image shape must be positive, got " + height + "x" + width + "x" + channels);
    }
  }

  /** Floats per image. */
  public int size() {
    return height * width * channels;
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
