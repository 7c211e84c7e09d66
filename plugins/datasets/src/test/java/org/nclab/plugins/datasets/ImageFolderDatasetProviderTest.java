package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.options.Options;

/**
 * image-folder on a generated tree: grey and colour PNG, JPEG and BMP in nested class folders, with
 * a corrupt file, a text file and an empty class.
 */
class ImageFolderDatasetProviderTest {
  private static final int H = 4;
  private static final int W = 5;

  @TempDir Path dir;

  private final List<String> reports = new ArrayList<>();
  private final ImageFolderDatasetProvider provider = new ImageFolderDatasetProvider(reports::add);

  private final byte[] catA = ImageFiles.randomPixels(H, W, 1, 1); // grey PNG
  private final byte[] catB = ImageFiles.randomPixels(H, W, 3, 2); // colour PNG, nested folder
  private final byte[] catC = gradient(H, W, 3); // JPEG (lossy: a smooth image)
  private final byte[] dogD = ImageFiles.randomPixels(H, W, 3, 4); // colour PNG
  private final byte[] eelE = ImageFiles.randomPixels(H, W, 3, 5); // BMP
  private final byte[] testCat = ImageFiles.randomPixels(H, W, 3, 6);
  private final byte[] testEel = ImageFiles.randomPixels(H, W, 1, 7);

  @BeforeEach
  void writeTree() throws IOException {
    Path train = dir.resolve("train");
    ImageFiles.write(train.resolve("cat/a.png"), "png", catA, H, W, 1);
    ImageFiles.write(train.resolve("cat/c.jpg"), "jpeg", catC, H, W, 3);
    ImageFiles.write(train.resolve("cat/nested/deeper/b.png"), "png", catB, H, W, 3);
    ImageFiles.writeBytes(train.resolve("dog/broken.png"), "\u0089PNG but then nothing".getBytes());
    ImageFiles.write(train.resolve("dog/d.png"), "png", dogD, H, W, 3);
    ImageFiles.writeBytes(train.resolve("dog/notes.txt"), "not an image".getBytes());
    Files.createDirectories(train.resolve("empty"));
    ImageFiles.write(train.resolve("eel/e.bmp"), "bmp", eelE, H, W, 3);
    ImageFiles.write(dir.resolve("test/cat/t.png"), "png", testCat, H, W, 3);
    ImageFiles.write(dir.resolve("test/eel/u.png"), "png", testEel, H, W, 1);
  }

  @Test
  void open_readsEveryImageBackExactly_andNamesClassesSorted() {
    Dataset dataset = open(Map.of());

    assertEquals(List.of("cat", "dog", "eel", "empty"), dataset.classNames());
    assertEquals(new ImageShape(H, W, 3), dataset.shape());
    Split train = dataset.split("train");
    assertArrayEquals(new int[] {0, 0, 0, 1, 2}, SplitArrays.labels(train)); // a, c, nested/b, d, e
    assertImage(rgb(catA), train, 0); // grey PNG, each value repeated to R, G and B
    assertImage(ImageFiles.decoded(dir.resolve("train/cat/c.jpg")), train, 1); // JPEG as decoded
    assertImage(catB, train, 2);
    assertImage(dogD, train, 3);
    assertImage(eelE, train, 4);
    Split test = dataset.split("test");
    assertArrayEquals(new int[] {0, 2}, SplitArrays.labels(test));
    assertImage(testCat, test, 0);
    assertImage(rgb(testEel), test, 1);
  }

  @Test
  void jpeg_isCloseToThePixelsItWasWrittenFrom() {
    float[] image = new float[H * W * 3];
    open(Map.of()).split("train").copyImage(1, image, 0);
    double error = 0;
    for (int i = 0; i < image.length; i++) {
      error += Math.abs(image[i] * 255 - (catC[i] & 0xFF));
    }
    assertTrue(error / image.length < 6, "mean absolute error " + error / image.length);
  }

  @Test
  void badFiles_areReportedWithTheReason_andCounted() {
    open(Map.of());

    assertTrue(
        reports.stream()
            .anyMatch(
                r ->
                    r.startsWith("warning: skipped")
                        && r.contains("broken.png")
                        && r.contains("decode")),
        reports::toString);
    assertTrue(
        reports.stream()
            .anyMatch(r -> r.contains("notes.txt") && r.contains("not a PNG, JPEG or BMP")),
        reports::toString);
    assertTrue(
        reports.stream().anyMatch(r -> r.contains("2 of 9 files skipped")), reports::toString);
    assertTrue(
        reports.stream().anyMatch(r -> r.contains("class 'empty' (index 3) has no images")),
        reports::toString);
  }

  @Test
  void onBadFileFail_stopsAtTheFirstWithItsName() {
    UserException e = assertThrows(UserException.class, () -> open(Map.of("on_bad_file", "fail")));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());

    Files.exists(
        dir); // the text file is the only odd one; without it the corrupt PNG stops the run
    UserException decode =
        assertThrows(
            UserException.class,
            () -> {
              Files.delete(dir.resolve("train/dog/notes.txt"));
              open(Map.of("on_bad_file", "fail"));
            });
    assertTrue(
        decode.getMessage().contains("broken.png") && decode.getMessage().contains("on_bad_file"),
        decode.getMessage());
  }

  @Test
  void greyOutput_convertsColourByLuma() {
    Dataset dataset = open(Map.of("channels", 1));
    float[] image = new float[H * W];
    dataset.split("train").copyImage(3, image, 0); // dogD, colour
    for (int p = 0; p < H * W; p++) {
      double luma =
          0.299 * (dogD[p * 3] & 0xFF)
              + 0.587 * (dogD[p * 3 + 1] & 0xFF)
              + 0.114 * (dogD[p * 3 + 2] & 0xFF);
      assertEquals(Math.round(luma) / 255f, image[p]);
    }
    dataset.split("train").copyImage(0, image, 0); // catA, grey: unchanged
    for (int p = 0; p < H * W; p++) {
      assertEquals((catA[p] & 0xFF) / 255f, image[p]);
    }
  }

  @Test
  void cache_isReused_thenRebuiltWhenAFileChanges() throws IOException {
    open(Map.of());
    Path cache = dir.resolve(".nclab-cache");
    List<Path> first = cacheFiles(cache);
    assertEquals(2, first.size(), first::toString); // one per split
    FileTime written = Files.getLastModifiedTime(first.get(0));

    Dataset again = open(Map.of());
    assertEquals(first, cacheFiles(cache));
    assertEquals(written, Files.getLastModifiedTime(first.get(0)));
    assertImage(dogD, again.split("train"), 3);

    byte[] changed = ImageFiles.randomPixels(H, W, 3, 99);
    ImageFiles.write(dir.resolve("train/dog/d.png"), "png", changed, H, W, 3);
    Files.setLastModifiedTime(
        dir.resolve("train/dog/d.png"), FileTime.fromMillis(written.toMillis() + 5000));
    Dataset rebuilt = open(Map.of());
    List<Path> now = cacheFiles(cache);
    assertEquals(2, now.size(), now::toString); // the stale train cache was deleted
    assertNotEquals(first, now);
    assertImage(changed, rebuilt.split("train"), 3);
  }

  @Test
  void cache_isRebuiltWhenDecodeOptionsChange_andDamagedFilesAreNotTrusted() throws IOException {
    open(Map.of());
    Path cache = dir.resolve(".nclab-cache");
    List<Path> colour = cacheFiles(cache);
    open(Map.of("channels", 1));
    assertNotEquals(colour, cacheFiles(cache));

    Path trainCache =
        cacheFiles(cache).stream()
            .filter(p -> p.getFileName().toString().startsWith("train"))
            .findFirst()
            .orElseThrow();
    byte[] bytes = Files.readAllBytes(trainCache);
    Files.write(trainCache, Arrays.copyOf(bytes, bytes.length - 3)); // truncated
    Dataset reopened = open(Map.of("channels", 1));
    float[] image = new float[H * W];
    reopened.split("train").copyImage(0, image, 0);
    assertEquals((catA[7] & 0xFF) / 255f, image[7]);
    assertEquals(bytes.length, Files.size(trainCache));
  }

  /**
   * A corrupted label or pixel keeps the file's length: the checksum over everything after the
   * header finds it, and the cache is rebuilt from the images (issue 22: a label of 1,000,000 ended
   * in ArrayIndexOutOfBoundsException).
   */
  @Test
  void aCacheWithACorruptedLabelOrPixel_isRebuiltFromTheImages() throws IOException {
    Dataset first = open(Map.of());
    int[] labels = SplitArrays.labels(first.split("train"));
    float[] pixels = SplitArrays.images(first, "train");
    Path trainCache =
        cacheFiles(dir.resolve(".nclab-cache")).stream()
            .filter(p -> p.getFileName().toString().startsWith("train"))
            .findFirst()
            .orElseThrow();
    byte[] intact = Files.readAllBytes(trainCache);
    long imageBytes = (long) H * W * 3;
    int labelsAt = (int) (DecodedCacheFile.HEADER_BYTES + labels.length * imageBytes);
    for (int at : new int[] {labelsAt, DecodedCacheFile.HEADER_BYTES + 5}) {
      byte[] corrupted = intact.clone();
      corrupted[at + 2] = 0x0F; // label 0 becomes 983,040 + its value; a pixel changes by a lot
      Files.write(trainCache, corrupted);
      Dataset reopened = open(Map.of());
      assertArrayEquals(labels, SplitArrays.labels(reopened.split("train")), "at byte " + at);
      assertArrayEquals(pixels, SplitArrays.images(reopened, "train"), "at byte " + at);
      assertArrayEquals(intact, Files.readAllBytes(trainCache), "rebuilt as it was, at byte " + at);
    }
  }

  @Test
  void streamedStorage_readsTheSameAsMemory_inChunks() {
    Dataset memory = open(Map.of("storage", "memory"));
    Dataset streamed = open(Map.of("storage", "stream"));

    assertFalse(memory.split("train").chunking().isChunked());
    assertTrue(streamed.split("train").chunking().isChunked());
    for (String split : List.of("train", "test")) {
      assertArrayEquals(SplitArrays.images(memory, split), SplitArrays.images(streamed, split));
      assertArrayEquals(
          SplitArrays.labels(memory.split(split)), SplitArrays.labels(streamed.split(split)));
    }
  }

  @Test
  void noCache_decodesIntoMemory_andRefusesToStream() {
    Dataset dataset = open(Map.of("cache", false));
    assertImage(catB, dataset.split("train"), 2);
    assertFalse(Files.exists(dir.resolve(".nclab-cache")));

    UserException e =
        assertThrows(UserException.class, () -> open(Map.of("cache", false, "storage", "stream")));
    assertTrue(e.getMessage().contains("cache = true"), e.getMessage());
  }

  @Test
  void normalizeDataset_usesTheTrainSplitsChannelMeanAndStd() {
    Dataset dataset = open(Map.of("normalize", "dataset"));
    Dataset plain = open(Map.of());
    float[] images = SplitArrays.images(plain, "train");
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double squares = 0;
      int n = 0;
      for (int i = c; i < images.length; i += 3) {
        double v = Math.round(images[i] * 255) / 255.0;
        sum += v;
        squares += v * v;
        n++;
      }
      double mean = sum / n;
      double std = Math.sqrt(squares / n - mean * mean);
      float[] image = new float[H * W * 3];
      dataset.split("test").copyImage(0, image, 0);
      assertEquals((float) (((testCat[c] & 0xFF) / 255.0 - mean) / std), image[c], 1e-5);
    }
  }

  @Test
  void normalizeGiven_needsOneValuePerChannel() {
    Dataset dataset =
        open(
            Map.of(
                "normalize",
                "given",
                "mean",
                List.of(0.5, 0.5, 0.5),
                "std",
                List.of(0.25, 0.25, 0.25)));
    float[] image = new float[H * W * 3];
    dataset.split("train").copyImage(3, image, 0);
    assertEquals((float) (((dogD[0] & 0xFF) / 255.0 - 0.5) / 0.25), image[0], 1e-6);

    UserException e =
        assertThrows(
            UserException.class,
            () -> open(Map.of("normalize", "given", "mean", List.of(0.5), "std", List.of(0.25))));
    assertTrue(e.getMessage().contains("3 mean"), e.getMessage());
  }

  @Test
  void resize_cropsTheCentre_orRefusesWithNone() {
    byte[] tall = ImageFiles.randomPixels(8, 4, 1, 11);
    ImageFiles.write(dir.resolve("tall/a/x.png"), "png", tall, 8, 4, 1);
    ImageFiles.write(dir.resolve("tall/b/y.png"), "png", tall, 8, 4, 1);
    Map<String, Object> options =
        new HashMap<>(
            Map.of(
                "path",
                dir.resolve("tall").toString(),
                "height",
                4,
                "width",
                4,
                "channels",
                1,
                "test_fraction",
                0.0));
    Dataset cropped = provider.open(Options.withDefaults("dataset", provider.options(), options));
    float[] image = new float[16];
    cropped.split("train").copyImage(0, image, 0);
    for (int i = 0; i < 16; i++) {
      assertEquals((tall[8 + i] & 0xFF) / 255f, image[i]); // rows 2..5 of 8
    }

    options.put("resize", "none");
    options.put("cache", false);
    reports.clear();
    Dataset none = provider.open(Options.withDefaults("dataset", provider.options(), options));
    assertEquals(0, none.split("train").size());
    assertTrue(reports.stream().anyMatch(r -> r.contains("is 8x4, not 4x4")), reports::toString);
  }

  @Test
  void resize_stretchKeepsAConstantImageConstant() {
    byte[] flat = new byte[6 * 9 * 3];
    Arrays.fill(flat, (byte) 200);
    ImageFiles.write(dir.resolve("flat/a/x.png"), "png", flat, 6, 9, 3);
    ImageFiles.write(dir.resolve("flat/b/y.png"), "png", flat, 6, 9, 3);
    Dataset dataset =
        provider.open(
            Options.withDefaults(
                "dataset",
                provider.options(),
                Map.of(
                    "path",
                    dir.resolve("flat").toString(),
                    "height",
                    4,
                    "width",
                    4,
                    "resize",
                    "stretch",
                    "test_fraction",
                    0.0)));
    float[] image = new float[48];
    dataset.split("train").copyImage(1, image, 0);
    for (float v : image) {
      assertEquals(200 / 255f, v);
    }
  }

  @Test
  void testFraction_holdsOutEachClassBySeed() {
    for (int i = 0; i < 10; i++) {
      ImageFiles.write(
          dir.resolve("many/a/" + i + ".png"), "png", ImageFiles.randomPixels(H, W, 1, i), H, W, 1);
      ImageFiles.write(
          dir.resolve("many/b/" + i + ".png"),
          "png",
          ImageFiles.randomPixels(H, W, 1, 100 + i),
          H,
          W,
          1);
    }
    Map<String, Object> options =
        Map.of("path", dir.resolve("many").toString(), "test_fraction", 0.3, "seed", 4);
    Dataset one = provider.open(Options.withDefaults("dataset", provider.options(), options));
    Dataset two = provider.open(Options.withDefaults("dataset", provider.options(), options));
    assertArrayEquals(new int[] {3, 3}, SplitArrays.classCounts(one.split("test"), 2));
    assertArrayEquals(SplitArrays.images(one, "test"), SplitArrays.images(two, "test"));
  }

  @Test
  void trainFolderWithoutTestFolder_isRefused() {
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                provider.open(
                    Options.withDefaults(
                        "dataset",
                        provider.options(),
                        Map.of("path", dir.toString(), "train_folder", "train"))));
    assertTrue(e.getMessage().contains("train_folder and test_folder go together"), e.getMessage());
  }

  @Test
  void aMissingFolder_isOneLineWithTheFix() {
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                provider.open(
                    Options.withDefaults(
                        "dataset",
                        provider.options(),
                        Map.of("path", dir.resolve("nowhere").toString()))));
    assertTrue(
        e.getMessage().contains("image folder not found") && e.getMessage().contains("nowhere"),
        e.getMessage());
  }

  private Dataset open(Map<String, Object> extra) {
    Map<String, Object> options =
        new HashMap<>(
            Map.of(
                "path",
                dir.toString(),
                "train_folder",
                "train",
                "test_folder",
                "test",
                "height",
                H,
                "width",
                W,
                "workers",
                2));
    options.putAll(extra);
    return provider.open(Options.withDefaults("dataset", provider.options(), options));
  }

  private static void assertImage(byte[] expected, Split split, int index) {
    float[] image = new float[expected.length];
    split.copyImage(index, image, 0);
    for (int i = 0; i < expected.length; i++) {
      assertEquals((expected[i] & 0xFF) / 255f, image[i], "value " + i + " of image " + index);
    }
  }

  private static byte[] rgb(byte[] grey) {
    byte[] rgb = new byte[grey.length * 3];
    for (int i = 0; i < grey.length; i++) {
      rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = grey[i];
    }
    return rgb;
  }

  private static byte[] gradient(int height, int width, int channels) {
    byte[] pixels = new byte[height * width * channels];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          pixels[(y * width + x) * channels + c] = (byte) (60 + 10 * x + 8 * y + 20 * c);
        }
      }
    }
    return pixels;
  }

  private static List<Path> cacheFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }
}
