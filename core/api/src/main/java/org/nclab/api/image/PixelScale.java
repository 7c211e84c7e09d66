package org.nclab.api.image;

import java.util.Arrays;

/**
 * How 8-bit pixels become the floats a model reads: {@code (v / 255 - mean[c]) / std[c]} per
 * channel, and exactly {@code v / 255f} for mean 0 and std 1. One table of 256 floats per channel
 * serves the datasets that convert 8-bit images, the exported graph's input mapping and {@code
 * nclab predict}, so all three give bit-identical floats.
 *
 * @param mean per channel, on the [0, 1] scale
 * @param std per channel (a zero gives infinities, as dividing by it does)
 */
public record PixelScale(double[] mean, double[] std) {

  /** Copies the arrays; refuses differing lengths or no channel. */
  public PixelScale {
    mean = mean.clone();
    std = std.clone();
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "a pixel scale needs one mean and one std per channel, got "
              + Arrays.toString(mean)
              + " and "
              + Arrays.toString(std));
    }
  }

  /** Plain scaling to [0, 1]: {@code v / 255f}. */
  public static PixelScale unit(int channels) {
    double[] ones = new double[channels];
    Arrays.fill(ones, 1);
    return new PixelScale(new double[channels], ones);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  public int channels() {
    return mean.length;
  }

  /** The float of every 8-bit value {@code v} of channel {@code channel}, at index {@code v}. */
  public float[] table(int channel) {
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] =
          mean[channel] == 0 && std[channel] == 1
              ? v / 255f
              : (float) ((v / 255.0 - mean[channel]) / std[channel]);
    }
    return table;
  }

  /** Whether this is plain scaling to [0, 1]. */
  public boolean isUnit() {
    return Arrays.stream(mean).allMatch(m -> m == 0) && Arrays.stream(std).allMatch(s -> s == 1);
  }

  /** One phrase for manifests and messages, e.g. {@code pixels / 255}. */
  public String describe() {
    return isUnit()
        ? "pixels / 255"
        : "(pixels / 255 - mean) / std per channel, mean "
            + Arrays.toString(mean)
            + ", std "
            + Arrays.toString(std);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PixelScale that
        && Arrays.equals(mean, that.mean)
        && Arrays.equals(std, that.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return describe();
  }
}
