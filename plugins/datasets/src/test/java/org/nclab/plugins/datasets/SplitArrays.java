package org.nclab.plugins.datasets;

import java.util.Arrays;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.Split;

/** A split's contents as plain arrays, for comparing whole splits in tests. */
final class SplitArrays {

  private SplitArrays() {}

  static int[] labels(Split split) {
    int[] labels = new int[split.size()];
    Arrays.setAll(labels, split::label);
    return labels;
  }

  /** Every image of the split, back to back. */
  static float[] images(Dataset dataset, String splitName) {
    Split split = dataset.split(splitName);
    int imageSize = dataset.shape().size();
    float[] images = new float[split.size() * imageSize];
    for (int i = 0; i < split.size(); i++) {
      split.copyImage(i, images, i * imageSize);
    }
    return images;
  }

  /** How many images of each class the split holds. */
  static int[] classCounts(Split split, int numClasses) {
    int[] counts = new int[numClasses];
    for (int i = 0; i < split.size(); i++) {
      counts[split.label(i)]++;
    }
    return counts;
  }

  static int[] filled(int length, int value) {
    int[] array = new int[length];
    Arrays.fill(array, value);
    return array;
  }
}
