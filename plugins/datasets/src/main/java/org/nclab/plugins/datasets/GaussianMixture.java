package org.nclab.plugins.datasets;

import java.util.Random;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.ImageShape;

/**
 * Images drawn around one smooth prototype per class: sample = prototype + N(0, noise^2) per value.
 *
 * <p>The same arguments give the same floats, bit for bit, on every JVM: {@link Random} is
 * specified down to its algorithm (its {@code nextGaussian} included) and {@link StrictMath} is
 * used where {@link Math} may differ in the last bit between platforms.
 */
final class GaussianMixture {

  /** Waves summed per prototype channel: enough that ten classes look clearly different. */
  private static final int WAVES = 3;

  /** Highest wave frequency, in periods per image side: low, so prototypes are smooth. */
  private static final int MAX_FREQUENCY = 3;

  private final ImageShape shape;
  private final double noise;
  private final float[][] prototypes;

  GaussianMixture(int numClasses, ImageShape shape, double noise, long seed) {
    this.shape = shape;
    this.noise = noise;
    Random random = new Random(seed);
    this.prototypes = new float[numClasses][];
    for (int k = 0; k < numClasses; k++) {
      prototypes[k] = prototype(shape, random);
    }
  }

  int numClasses() {
    return prototypes.length;
  }

  /** Class {@code k}'s prototype, height x width x channels, values in [0, 1]. */
  float[] prototype(int k) {
    return prototypes[k].clone();
  }

  /**
   * {@code size} samples with balanced labels ({@code i % numClasses}) in a seeded random order.
   */
  ArraySplit sample(int size, long seed) {
    Random random = new Random(seed);
    int[] labels = shuffledBalancedLabels(size, random);
    int imageSize = shape.size();
    float[] images = new float[size * imageSize];
    for (int i = 0; i < size; i++) {
      float[] prototype = prototypes[labels[i]];
      int offset = i * imageSize;
      for (int p = 0; p < imageSize; p++) {
        images[offset + p] = (float) (prototype[p] + noise * random.nextGaussian());
      }
    }
    return new ArraySplit(images, labels, shape);
  }

  private int[] shuffledBalancedLabels(int size, Random random) {
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = i % prototypes.length;
    }
    for (int i = size - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    return labels;
  }

  /**
   * A sum of a few low-frequency plane waves per channel, squashed into [0, 1]: smooth like an
   * object's silhouette rather than white noise, so that convolutions and pooling find structure.
   */
  private static float[] prototype(ImageShape shape, Random random) {
    int h = shape.height();
    int w = shape.width();
    int c = shape.channels();
    float[] image = new float[shape.size()];
    for (int channel = 0; channel < c; channel++) {
      double[] fy = new double[WAVES];
      double[] fx = new double[WAVES];
      double[] phase = new double[WAVES];
      double[] amplitude = new double[WAVES];
      double totalAmplitude = 0;
      for (int i = 0; i < WAVES; i++) {
        fy[i] = 2 * Math.PI * random.nextInt(MAX_FREQUENCY + 1) / h;
        fx[i] = 2 * Math.PI * (1 + random.nextInt(MAX_FREQUENCY)) / w; // never constant along x
        phase[i] = 2 * Math.PI * random.nextDouble();
        amplitude[i] = 0.5 + random.nextDouble();
        totalAmplitude += amplitude[i];
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double sum = 0;
          for (int i = 0; i < WAVES; i++) {
            sum += amplitude[i] * StrictMath.cos(fy[i] * y + fx[i] * x + phase[i]);
          }
          // |sum| <= totalAmplitude, so this lies in [0, 1] without a data-dependent rescale.
          image[(y * w + x) * c + channel] = (float) (0.5 + 0.5 * sum / totalAmplitude);
        }
      }
    }
    return image;
  }
}
