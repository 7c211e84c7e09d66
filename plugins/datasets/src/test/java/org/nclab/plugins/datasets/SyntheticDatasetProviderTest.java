package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.datasets.SplitArrays.classCounts;
import static org.nclab.plugins.datasets.SplitArrays.filled;
import static org.nclab.plugins.datasets.SplitArrays.images;
import static org.nclab.plugins.datasets.SplitArrays.labels;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.options.Options;

class SyntheticDatasetProviderTest {
  private final SyntheticDatasetProvider provider = new SyntheticDatasetProvider();

  @Test
  void sameOptions_sameArraysBitForBit() {
    Dataset first = open(Map.of());
    Dataset second = open(Map.of());

    for (String split : new String[] {"train", "test"}) {
      assertArrayEquals(labels(first.split(split)), labels(second.split(split)));
      assertArrayEquals(images(first, split), images(second, split));
    }
  }

  @Test
  void otherSeed_otherImages() {
    assertFalse(
        Arrays.equals(images(open(Map.of()), "train"), images(open(Map.of("seed", 2L)), "train")));
  }

  @Test
  void testSplit_doesNotDependOnTrainSize() {
    assertArrayEquals(
        images(open(Map.of()), "test"), images(open(Map.of("train_size", 30L)), "test"));
  }

  @Test
  void defaults_giveTenBalancedClassesOf28x28x1() {
    Dataset dataset = open(Map.of());

    assertEquals("synthetic", dataset.name());
    assertEquals(new ImageShape(28, 28, 1), dataset.shape());
    assertEquals(ClassNames.numbered(10), dataset.classNames());
    assertArrayEquals(filled(10, 200), classCounts(dataset.split("train"), 10));
    assertArrayEquals(filled(10, 50), classCounts(dataset.split("test"), 10));
  }

  @Test
  void unevenSizes_differByAtMostOnePerClass() {
    Dataset dataset =
        open(
            Map.of(
                "num_classes",
                3L,
                "train_size",
                10L,
                "test_size",
                2L,
                "height",
                5L,
                "width",
                7L,
                "channels",
                3L));

    assertEquals(new ImageShape(5, 7, 3), dataset.shape());
    assertArrayEquals(new int[] {4, 3, 3}, classCounts(dataset.split("train"), 3));
    assertArrayEquals(new int[] {1, 1, 0}, classCounts(dataset.split("test"), 3));
    assertEquals(10 * 5 * 7 * 3, images(dataset, "train").length);
  }

  @Test
  void labels_areShuffled() {
    int[] labels = labels(open(Map.of()).split("train"));
    int[] inOrder = new int[labels.length];
    Arrays.setAll(inOrder, i -> i % 10);
    assertFalse(Arrays.equals(inOrder, labels));
  }

  @Test
  void withoutNoise_everyImageIsItsClassPrototypeInUnitRange() {
    Split train = open(Map.of("noise", 0.0, "train_size", 40L)).split("train");
    float[][] firstOfClass = new float[10][];
    for (int i = 0; i < train.size(); i++) {
      float[] image = new float[28 * 28];
      train.copyImage(i, image, 0);
      for (float value : image) {
        assertTrue(value >= 0 && value <= 1, "value " + value);
      }
      int label = train.label(i);
      if (firstOfClass[label] == null) {
        firstOfClass[label] = image;
      }
      assertArrayEquals(firstOfClass[label], image);
    }
  }

  /** The Javadoc's promise that the default set is easy: nearest class mean gets nearly all. */
  @Test
  void defaults_areSeparatedByNearestClassMean() {
    Dataset dataset = open(Map.of());
    int size = dataset.shape().size();
    Split train = dataset.split("train");
    float[][] means = new float[10][size];
    float[] image = new float[size];
    for (int i = 0; i < train.size(); i++) {
      train.copyImage(i, image, 0);
      for (int p = 0; p < size; p++) {
        means[train.label(i)][p] += image[p] / 200;
      }
    }
    Split test = dataset.split("test");
    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      test.copyImage(i, image, 0);
      correct += nearest(means, image) == test.label(i) ? 1 : 0;
    }
    assertTrue(correct >= 0.98 * test.size(), correct + " of " + test.size());
  }

  @Test
  void splitBeyondOneArray() {
    UserException e =
        assertThrows(
            UserException.class,
            () -> open(Map.of("train_size", 10_000L, "height", 1024L, "width", 1024L)));
    assertTrue(
        e.getMessage()
            .contains("train_size = 10000 images of 1024x1024x1 need 10485760000" + " floats"),
        e.getMessage());
  }

  private Dataset open(Map<String, Object> given) {
    return provider.open(Options.withDefaults("dataset 'synthetic'", provider.options(), given));
  }

  private static int nearest(float[][] means, float[] image) {
    int best = 0;
    double bestDistance = Double.MAX_VALUE;
    for (int k = 0; k < means.length; k++) {
      double distance = 0;
      for (int p = 0; p < image.length; p++) {
        double d = image[p] - means[k][p];
        distance += d * d;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = k;
      }
    }
    return best;
  }
}
