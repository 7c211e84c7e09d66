package org.nclab.plugins.datasets;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], accumulated in float64
 * (exact integer sums of bytes and their squares), for {@code normalize = "dataset"}.
 */
final class ChannelStats {
  private final long[] sum;
  private final long[] sumOfSquares;
  private long pixels;

  ChannelStats(int channels) {
    sum = new long[channels];
    sumOfSquares = new long[channels];
  }

  ChannelStats(long[] sum, long[] sumOfSquares, long pixels) {
    this.sum = sum.clone();
    this.sumOfSquares = sumOfSquares.clone();
    this.pixels = pixels;
  }

  /** Adds one image (whole pixels, channels interleaved). */
  void add(byte[] image) {
    int channels = sum.length;
    for (int i = 0; i < image.length; i++) {
      int v = image[i] & 0xFF;
      sum[i % channels] += v;
      sumOfSquares[i % channels] += (long) v * v;
    }
    pixels += image.length / channels;
  }

  int channels() {
    return sum.length;
  }

  long[] sum() {
    return sum.clone();
  }

  long[] sumOfSquares() {
    return sumOfSquares.clone();
  }

  long pixels() {
    return pixels;
  }

  double[] mean() {
    double[] mean = new double[sum.length];
    for (int c = 0; c < sum.length; c++) {
      mean[c] = pixels == 0 ? 0 : sum[c] / (255.0 * pixels);
    }
    return mean;
  }

  /** Population standard deviation; 1 for a constant channel, so dividing by it is harmless. */
  double[] std() {
    double[] mean = mean();
    double[] std = new double[sum.length];
    for (int c = 0; c < sum.length; c++) {
      double meanSquare = pixels == 0 ? 0 : sumOfSquares[c] / (255.0 * 255.0 * pixels);
      double variance = Math.max(0, meanSquare - mean[c] * mean[c]);
      std[c] = variance > 1e-12 ? Math.sqrt(variance) : 1;
    }
    return std;
  }
}
