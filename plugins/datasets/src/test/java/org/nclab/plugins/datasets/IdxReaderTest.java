package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.datasets.IdxBytes.IMAGES;
import static org.nclab.plugins.datasets.IdxBytes.concat;
import static org.nclab.plugins.datasets.IdxBytes.gzip;
import static org.nclab.plugins.datasets.IdxBytes.header;
import static org.nclab.plugins.datasets.IdxBytes.write;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;

class IdxReaderTest {
  private static final int ROWS = 3;
  private static final int COLS = 4;
  private static final int COUNT = 5;

  @TempDir Path dir;

  private final byte[] pixels = IdxBytes.randomBytes(COUNT * ROWS * COLS, 256, 7);
  private final byte[] imageFile = IdxBytes.images(ROWS, COLS, pixels);

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void readImages_returnsEveryPixelOver255(boolean gzipped) {
    Path file = write(dir, "images", gzipped ? gzip(imageFile) : imageFile);

    IdxReader.Images images = IdxReader.readImages(file);

    assertEquals(COUNT, images.count());
    assertEquals(new ImageShape(ROWS, COLS, 1), images.shape());
    float[] expected = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      expected[i] = (pixels[i] & 0xFF) / 255f;
    }
    assertArrayEquals(expected, images.pixels());
    assertEquals(1f, images.pixels()[pixels.length - 1]);
  }

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void readLabels_returnsEveryLabel(boolean gzipped) {
    byte[] labels = {0, 9, 3, 3, 1};
    byte[] bytes = IdxBytes.labels(labels);
    Path file = write(dir, "labels", gzipped ? gzip(bytes) : bytes);

    assertArrayEquals(new int[] {0, 9, 3, 3, 1}, IdxReader.readLabels(file, 10));
  }

  @Test
  void readImages_decidesGzipByContentNotName() {
    Path gzippedWithoutSuffix = write(dir, "images-idx3-ubyte", gzip(imageFile));
    Path rawWithGzSuffix = write(dir, "images-idx3-ubyte.gz", imageFile);

    assertArrayEquals(
        IdxReader.readImages(gzippedWithoutSuffix).pixels(),
        IdxReader.readImages(rawWithGzSuffix).pixels());
  }

  @Test
  void readSplit_pairsImagesWithLabels() {
    Path images = write(dir, "images", imageFile);
    Path labels = write(dir, "labels", IdxBytes.labels(new byte[] {4, 3, 2, 1, 0}));

    IdxReader.LoadedSplit loaded = IdxReader.readSplit(images, labels, 5);

    assertEquals(COUNT, loaded.split().size());
    assertEquals(2, loaded.split().label(2));
    float[] image = new float[ROWS * COLS];
    loaded.split().copyImage(2, image, 0);
    assertEquals((pixels[2 * ROWS * COLS] & 0xFF) / 255f, image[0]);
  }

  @Test
  void missingFile() {
    assertFails(dir.resolve("absent-idx3-ubyte"), "file not found");
  }

  @Test
  void emptyFile() {
    assertFails(write(dir, "empty-idx3-ubyte", new byte[0]), "file is empty");
  }

  @Test
  void headerCutShort() {
    assertFails(
        write(dir, "short-idx3-ubyte", Arrays.copyOf(imageFile, 6)),
        "file ends at byte 6, inside the 16-byte header");
  }

  @Test
  void wrongMagic() {
    byte[] bytes = concat(header(0x00000804, COUNT, ROWS, COLS), pixels);
    assertFails(
        write(dir, "wrong-idx3-ubyte", bytes),
        "wrong magic number 0x00000804, expected 0x00000803",
        "byte 0");
  }

  @Test
  void labelFileGivenAsImages_saysTheyAreSwapped() {
    Path labels = write(dir, "labels-idx1-ubyte", IdxBytes.labels(new byte[] {1, 2}));
    assertFails(labels, "wrong magic number 0x00000801", "this is an IDX label file", "swapped");
  }

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void truncatedData(boolean gzipped) {
    byte[] bytes = Arrays.copyOf(imageFile, imageFile.length - 10);
    assertFails(
        write(dir, "cut-idx3-ubyte", gzipped ? gzip(bytes) : bytes),
        "expected 60 bytes after the 16-byte header (5 x 3 x 4), got 50");
  }

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void trailingGarbage(boolean gzipped) {
    byte[] bytes = concat(imageFile, new byte[] {1, 2, 3});
    assertFails(
        write(dir, "long-idx3-ubyte", gzipped ? gzip(bytes) : bytes),
        "trailing garbage: 3 bytes after the last of 5 items",
        "byte 76");
  }

  @Test
  void gzipStreamCutOff() {
    byte[] compressed = gzip(IdxBytes.images(100, 100, IdxBytes.randomBytes(50_000, 256, 3)));
    assertFails(
        write(dir, "cut-idx3-ubyte.gz", Arrays.copyOf(compressed, compressed.length / 2)),
        "gzip stream is cut off");
  }

  @Test
  void corruptGzipBlock() {
    // A valid gzip header, then a deflate block of the reserved type 11.
    byte[] bytes = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
    assertFails(write(dir, "corrupt-idx3-ubyte.gz", bytes), "corrupt gzip stream", "invalid");
  }

  @Test
  void gzipChecksumMismatch_isCaughtBecauseTheReaderReadsToTheEnd() {
    byte[] bytes = gzip(imageFile);
    bytes[bytes.length - 8] ^= 1; // first byte of the CRC-32 in the gzip trailer
    assertFails(write(dir, "crc-idx3-ubyte.gz", bytes), "corrupt gzip stream");
  }

  @Test
  void countsBeyondOneArray() {
    byte[] bytes = concat(header(IMAGES, Integer.MAX_VALUE, 28, 28), pixels);
    assertFails(
        write(dir, "huge-idx3-ubyte", bytes),
        "header claims 2147483647 x 28 x 28 = 1683627179248 bytes, more than one array can hold");
  }

  /**
   * A header claiming 2 GB over a few bytes must fail on what is there. Surefire runs with a heap
   * smaller than 2 GB, so a reader that allocated the claim up front would fail with OOM instead.
   */
  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void countsFarBeyondTheData_failWithoutAllocatingThem(boolean gzipped) {
    byte[] bytes = concat(header(IMAGES, 2_700_000, 28, 28), pixels);
    assertFails(
        write(dir, "liar-idx3-ubyte", gzipped ? gzip(bytes) : bytes),
        "expected 2116800000 bytes after the 16-byte header (2700000 x 28 x 28), got 60");
  }

  @Test
  void zeroRows() {
    byte[] bytes = concat(header(IMAGES, COUNT, 0, COLS), pixels);
    assertFails(write(dir, "flat-idx3-ubyte", bytes), "rows = 0, expected 1 to", "byte 8");
  }

  @Test
  void countWithHighBitSet_isNotReadAsNegative() {
    byte[] bytes = concat(header(IMAGES, -1, ROWS, COLS), pixels);
    assertFails(write(dir, "neg-idx3-ubyte", bytes), "image count = 4294967295");
  }

  @Test
  void labelNotBelowNumClasses_namesItsIndexAndValue() {
    Path file = write(dir, "labels-idx1-ubyte", IdxBytes.labels(new byte[] {0, 1, 7, 2}));
    UserException e = assertThrows(UserException.class, () -> IdxReader.readLabels(file, 5));
    assertMessage(e, file, "label 2 is 7, not below num_classes = 5", "byte 10");
  }

  @Test
  void labelFileWithWrongMagic() {
    Path file = write(dir, "images-idx3-ubyte", imageFile);
    UserException e = assertThrows(UserException.class, () -> IdxReader.readLabels(file, 10));
    assertMessage(e, file, "expected 0x00000801", "this is an IDX image file");
  }

  @Test
  void imageAndLabelCountsDiffer() {
    Path images = write(dir, "images-idx3-ubyte", imageFile);
    Path labels = write(dir, "labels-idx1-ubyte", IdxBytes.labels(new byte[] {1, 2, 3, 4}));
    UserException e =
        assertThrows(UserException.class, () -> IdxReader.readSplit(images, labels, 10));
    assertMessage(e, images, "5 images but 4 labels", labels.getFileName().toString());
  }

  private static void assertFails(Path imageFile, String... facts) {
    UserException e = assertThrows(UserException.class, () -> IdxReader.readImages(imageFile));
    assertMessage(e, imageFile, facts);
  }

  private static void assertMessage(UserException e, Path file, String... facts) {
    String message = e.getMessage();
    String name = file.getFileName().toString();
    assertTrue(message.contains(name), () -> "no file name in: " + message);
    for (String fact : facts) {
      assertTrue(message.contains(fact), () -> "no '" + fact + "' in: " + message);
    }
    assertTrue(!message.contains("\n"), () -> "not one line: " + message);
  }
}
