package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.datasets.IdxBytes.gzip;
import static org.nclab.plugins.datasets.IdxBytes.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.options.Options;
import org.nclab.testkit.Prerequisites;

class IdxDatasetProviderTest {
  private final IdxDatasetProvider provider = new IdxDatasetProvider();

  @TempDir Path dir;

  private final byte[] trainPixels = IdxBytes.randomBytes(4 * 2 * 3, 256, 1);
  private final byte[] testPixels = IdxBytes.randomBytes(2 * 2 * 3, 256, 2);

  /** A tiny dataset under the default file names: train gzipped, test not, as users mix them. */
  @BeforeEach
  void writeDataset() {
    write(dir, "train-images-idx3-ubyte.gz", gzip(IdxBytes.images(2, 3, trainPixels)));
    write(dir, "train-labels-idx1-ubyte.gz", gzip(IdxBytes.labels(new byte[] {9, 0, 1, 2})));
    write(dir, "t10k-images-idx3-ubyte.gz", IdxBytes.images(2, 3, testPixels));
    write(dir, "t10k-labels-idx1-ubyte.gz", IdxBytes.labels(new byte[] {3, 4}));
  }

  @Test
  void open_readsBothSplitsWithFashionMnistNames() {
    Dataset dataset = open(Map.of());

    assertEquals("fashion-mnist", dataset.name());
    assertEquals(new ImageShape(2, 3, 1), dataset.shape());
    assertEquals(ClassNames.FASHION_MNIST, dataset.classNames());
    Split train = dataset.split("train");
    assertEquals(4, train.size());
    assertEquals(9, train.label(0));
    float[] image = new float[6];
    train.copyImage(3, image, 0);
    for (int i = 0; i < 6; i++) {
      assertEquals((trainPixels[18 + i] & 0xFF) / 255f, image[i]);
    }
    assertEquals(2, dataset.split("test").size());
    assertEquals(4, dataset.split("test").label(1));
  }

  @Test
  void open_numbersClassesOfOtherDatasets() {
    assertEquals(ClassNames.numbered(10), open(Map.of("name", "mnist")).classNames());
    assertEquals(
        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"),
        open(Map.of("num_classes", 12L)).classNames());
  }

  @Test
  void open_usesGivenClassNames() {
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    assertEquals(names, open(Map.of("class_names", names)).classNames());
  }

  @Test
  void classNamesOfWrongCount() {
    assertOpenFails(
        Map.of("class_names", List.of("a", "b", "c")),
        "class_names has 3 names but num_classes is 10",
        "option class_names");
  }

  @Test
  void labelNotBelowNumClasses() {
    assertOpenFails(
        Map.of("num_classes", 5L),
        "train-labels-idx1-ubyte.gz",
        "label 0 is 9, not below num_classes = 5");
  }

  @Test
  void missingFolder() {
    Path absent = dir.resolve("absent");
    String message =
        assertOpenFails(
            Map.of("path", absent.toString()),
            "dataset folder not found",
            absent.toString(),
            "set path");
    assertFalse(message.contains("apt-get"), message);
  }

  @Test
  void pathIsAFile() {
    assertOpenFails(
        Map.of("path", dir.resolve("t10k-labels-idx1-ubyte.gz").toString()),
        "dataset path is not a folder");
  }

  @Test
  void missingFile_namesTheOption() {
    assertOpenFails(
        Map.of("test_labels", "t10k-labels"),
        "dataset file not found",
        dir.resolve("t10k-labels").toString(),
        "set test_labels");
  }

  @Test
  void missingFileInTheDefaultFolder_suggestsInstallingFashionMnist() {
    assertOpenFails(
        Map.of(
            "path",
            IdxDatasetProvider.FASHION_MNIST_FOLDER.toString(),
            "train_images",
            "no-such-file-idx3-ubyte.gz"),
        "no-such-file-idx3-ubyte.gz",
        "apt-get install dataset-fashion-mnist");
  }

  @Test
  void splitsOfDifferentShapes() {
    write(dir, "t10k-images-idx3-ubyte.gz", IdxBytes.images(3, 2, testPixels));
    assertOpenFails(
        Map.of(), "train images are 2x3x1 but test images are 3x2x1", "t10k-images-idx3-ubyte.gz");
  }

  @Test
  void realFashionMnist() {
    // -Dnclab.test.fashion-mnist=DIR points the test elsewhere (MissingDatasetUnderCiTest: an empty
    // folder).
    Path folder =
        Path.of(
            System.getProperty(
                "nclab.test.fashion-mnist", IdxDatasetProvider.FASHION_MNIST_FOLDER.toString()));
    Prerequisites.require(
        Files.exists(folder.resolve("train-images-idx3-ubyte.gz")),
        "Fashion-MNIST not installed: run the README set-up command"
            + " (apt-get install dataset-fashion-mnist)");

    // Passed explicitly: the property above may point the test at another folder.
    Dataset dataset = open(Map.of("path", folder.toString()));

    assertEquals(new ImageShape(28, 28, 1), dataset.shape());
    assertEquals(ClassNames.FASHION_MNIST, dataset.classNames());
    assertBalancedPixels(dataset.split("train"), 60_000);
    assertBalancedPixels(dataset.split("test"), 10_000);
  }

  /** Fashion-MNIST has exactly size/10 images per class and pixels spanning [0, 1]. */
  private static void assertBalancedPixels(Split split, int size) {
    assertEquals(size, split.size());
    int[] perClass = new int[10];
    float[] image = new float[28 * 28];
    float min = 1;
    float max = 0;
    for (int i = 0; i < size; i++) {
      perClass[split.label(i)]++;
      split.copyImage(i, image, 0);
      for (float value : image) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    int[] expected = new int[10];
    Arrays.fill(expected, size / 10);
    assertArrayEquals(expected, perClass);
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  private Dataset open(Map<String, Object> given) {
    Map<String, Object> options = new HashMap<>(given);
    options.putIfAbsent("path", dir.toString());
    return provider.open(Options.withDefaults("dataset 'idx'", provider.options(), options));
  }

  private String assertOpenFails(Map<String, Object> given, String... facts) {
    String message = assertThrows(UserException.class, () -> open(given)).getMessage();
    for (String fact : facts) {
      assertTrue(message.contains(fact), () -> "no '" + fact + "' in: " + message);
    }
    return message;
  }
}
