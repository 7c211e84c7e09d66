package org.nclab.plugins.datasets;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.nclab.api.data.ArraySplit;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;

/**
 * Splits images that come as one array per class into "train" and "test", for packages that ship no
 * test split: of a class's n images, round(fraction x n) go to test, picked by a seeded shuffle of
 * that class alone. So both splits keep the classes' proportions, the same seed gives the same
 * split on every JVM ({@link Random} is specified to the bit), and one class's pick does not move
 * when another class file changes.
 *
 * <p>Within a split, images come class after class, each class's in file order; training shuffles
 * anyway.
 */
final class StratifiedHoldOut {

  private StratifiedHoldOut() {}

  /**
   * Which images of each class go to test.
   *
   * @param classSizes images per class
   * @param fraction the share held out, in [0, 1]
   * @return per class, the indices of its test images, ascending
   */
  static int[][] testIndices(int[] classSizes, double fraction, long seed) {
    // One seed per class, drawn in class order, so that each class's pick depends on its own size.
    Random seeds = new Random(seed);
    int[][] test = new int[classSizes.length][];
    for (int k = 0; k < classSizes.length; k++) {
      Random random = new Random(seeds.nextLong());
      int[] order = new int[classSizes[k]];
      Arrays.setAll(order, i -> i);
      for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      test[k] = Arrays.copyOf(order, (int) Math.round(fraction * classSizes[k]));
      Arrays.sort(test[k]);
    }
    return test;
  }

  /**
   * The "train" and "test" splits of {@code classPixels} (class k's images, image after image). The
   * caller makes sure that all images together fit one array.
   */
  static Map<String, Split> split(
      float[][] classPixels, ImageShape shape, double fraction, long seed) {
    int imageSize = shape.size();
    int[] classSizes = new int[classPixels.length];
    Arrays.setAll(classSizes, k -> classPixels[k].length / imageSize);
    int[][] test = testIndices(classSizes, fraction, seed);

    int testSize = Arrays.stream(test).mapToInt(indices -> indices.length).sum();
    int trainSize = Arrays.stream(classSizes).sum() - testSize;
    SplitWriter trainWriter = new SplitWriter(trainSize, imageSize);
    SplitWriter testWriter = new SplitWriter(testSize, imageSize);
    for (int k = 0; k < classPixels.length; k++) {
      int next = 0; // the next test index of class k; both lists run in image order
      for (int i = 0; i < classSizes[k]; i++) {
        boolean held = next < test[k].length && test[k][next] == i;
        if (held) {
          next++;
        }
        (held ? testWriter : trainWriter).add(classPixels[k], i, k);
      }
    }
    return Map.of("train", trainWriter.toSplit(shape), "test", testWriter.toSplit(shape));
  }

  /** Fills one split's arrays image by image. */
  private static final class SplitWriter {
    private final float[] images;
    private final int[] labels;
    private final int imageSize;
    private int size;

    SplitWriter(int capacity, int imageSize) {
      this.images = new float[capacity * imageSize];
      this.labels = new int[capacity];
      this.imageSize = imageSize;
    }

    void add(float[] classPixels, int index, int label) {
      System.arraycopy(classPixels, index * imageSize, images, size * imageSize, imageSize);
      labels[size++] = label;
    }

    ArraySplit toSplit(ImageShape shape) {
      return new ArraySplit(images, labels, shape);
    }
  }
}
