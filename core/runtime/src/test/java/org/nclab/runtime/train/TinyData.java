package org.nclab.runtime.train;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;

/** Small, learnable, seeded image data for runtime tests: a noisy prototype per class. */
public final class TinyData {
  private TinyData() {}

  public static Dataset dataset(
      int classes, int trainSize, int testSize, ImageShape shape, long seed) {
    Random random = new Random(seed);
    float[][] prototypes = new float[classes][shape.size()];
    for (float[] p : prototypes) {
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextFloat();
      }
    }
    List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    return new Dataset(
        "tiny",
        shape,
        names,
        Map.of(
            "train", split(prototypes, trainSize, shape, random),
            "test", split(prototypes, testSize, shape, random)));
  }

  private static ArraySplit split(float[][] prototypes, int size, ImageShape shape, Random random) {
    float[] images = new float[size * shape.size()];
    int[] labels = new int[size];
    for (int n = 0; n < size; n++) {
      int label = n % prototypes.length;
      labels[n] = label;
      for (int i = 0; i < shape.size(); i++) {
        images[n * shape.size() + i] = prototypes[label][i] + 0.5f * (float) random.nextGaussian();
      }
    }
    return new ArraySplit(images, labels, shape);
  }
}
