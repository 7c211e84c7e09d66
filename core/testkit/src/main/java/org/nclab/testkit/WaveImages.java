package org.nclab.testkit;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;

/**
 * Seeded one-channel images that a small CNN separates within a few steps: class k is a wave of k +
 * 1 periods across the image, its orientation flipped for odd rows of the batch, plus Gaussian
 * noise. Labels cycle through the classes, so every batch holds each class.
 */
public final class WaveImages {
  public static final ImageShape SHAPE = new ImageShape(12, 12, 1);

  private WaveImages() {}

  public static Dataset dataset(int classes, int trainSize, int testSize, long seed) {
    Random random = new Random(seed);
    List<String> names = IntStream.range(0, classes).mapToObj(k -> "wave" + (k + 1)).toList();
    return new Dataset(
        "waves",
        SHAPE,
        names,
        Map.of(
            "train", split(classes, trainSize, random),
            "test", split(classes, testSize, random)));
  }

  private static ArraySplit split(int classes, int size, Random random) {
    int pixels = SHAPE.size();
    float[] images = new float[size * pixels];
    int[] labels = new int[size];
    for (int n = 0; n < size; n++) {
      int label = n % classes;
      labels[n] = label;
      boolean vertical = (n / classes) % 2 == 1;
      for (int y = 0; y < SHAPE.height(); y++) {
        for (int x = 0; x < SHAPE.width(); x++) {
          int along = vertical ? y : x;
          double wave = Math.sin(2 * Math.PI * (label + 1) * along / SHAPE.width());
          images[n * pixels + y * SHAPE.width() + x] =
              (float) (0.5 + 0.4 * wave + 0.3 * random.nextGaussian());
        }
      }
    }
    return new ArraySplit(images, labels, SHAPE);
  }
}
