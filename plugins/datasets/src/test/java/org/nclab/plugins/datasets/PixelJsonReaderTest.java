package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;

class PixelJsonReaderTest {
  private static final ImageShape SHAPE = new ImageShape(2, 3, 1);
  private static final String WHERE = "pkg.tgz, entry package/src/digits/4.json";

  @Test
  void flat_readsEveryValueExactly() {
    float[] values = randomUnitValues(5 * 6, 1);

    assertArrayEquals(values, read(NpmPackageBytes.flatJson(values), 1));
  }

  /** 400 KB of JSON: numbers straddle the 64 KB buffer's refills. */
  @Test
  void flat_readsAcrossBufferBoundaries() {
    float[] values = randomUnitValues(6 * 10_000, 2);

    assertArrayEquals(values, read(NpmPackageBytes.flatJson(values), 1));
  }

  /** A stream may hand out one byte per read; every token then crosses a refill. */
  @Test
  void flat_readsAStreamThatGivesOneByteAtATime() {
    float[] values = randomUnitValues(6 * 3, 3);
    byte[] json = NpmPackageBytes.flatJson(values).getBytes(StandardCharsets.US_ASCII);
    InputStream trickle =
        new ByteArrayInputStream(json) {
          @Override
          public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, Math.min(length, 1));
          }
        };

    assertArrayEquals(values, PixelJsonReader.read(trickle, WHERE, SHAPE, 1));
  }

  @Test
  void whitespaceAnywhere_isAllowed() {
    String json = " \n{\t\"data\"\r\n :\n[ 0 ,\n1,0.5 , 0.25\t,0,  1e-1 ]\n}\n\n";

    assertArrayEquals(new float[] {0, 1, 0.5f, 0.25f, 0, 0.1f}, read(json, 1));
  }

  @Test
  void nested_readsOneImagePerArrayScaledByPixelMax() {
    int[][] images = {{0, 1, 2, 3, 254, 255}, {9, 8, 7, 6, 5, 4}};

    float[] pixels = read(NpmPackageBytes.nestedJson(images), 255);

    assertEquals(12, pixels.length);
    for (int i = 0; i < 6; i++) {
      // Exactly what IdxReader makes of the same byte, so both readers of Fashion-MNIST agree.
      assertEquals(images[0][i] / 255f, pixels[i]);
      assertEquals(images[1][i] / 255f, pixels[6 + i]);
    }
  }

  /** fashion-mnist 1.1.0's clothes/0.json holds two empty arrays among its images. */
  @Test
  void nested_skipsEmptyArrays() {
    String json = "{\"data\":[[1,1,1,1,1,1],[],[0,0,0,0,0,0],[ ]]}";

    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, read(json, 1));
  }

  @Test
  void emptyData_givesNoImages() {
    assertEquals(0, read("{\"data\": []}", 1).length);
  }

  @Test
  void notANumber_namesTheElementAndItsImage() {
    assertFails(
        "{\"data\": [0,0,0,0,0,0, 0,0,true]}",
        1,
        "data[8] (image 1, pixel 2) is not a number: found true",
        "byte 27");
  }

  @Test
  void stringValue() {
    assertFails(
        "{\"data\": [\"0\"]}",
        1,
        "data[0] (image 0, pixel 0) is not a number: found the string \"0\"");
  }

  @Test
  void malformedNumber() {
    // Jackson reads 1.2, then refuses ".3" where a comma must be.
    assertFails(
        "{\"data\": [0, 1.2.3]}",
        255,
        "after data[1] (image 0, pixel 1): Unexpected character ('.'",
        "byte 16");
  }

  @Test
  void numberTooLong() {
    assertFails(
        "{\"data\": [0." + "1".repeat(100) + "]}",
        1,
        "a number after \"data\" is longer than 64 characters");
  }

  @Test
  void valueAboveOne_suggestsPixelMax255() {
    assertFails(
        "{\"data\": [0, 0, 9]}",
        1,
        "data[2] (image 0, pixel 2) is 9, outside [0, 1]",
        "set pixel_max = 255");
  }

  @Test
  void valueAbovePixelMax() {
    String message =
        assertFails(
            "{\"data\":[[0,0,0,0,0,256]]}",
            255,
            "data[0][5] is 256, outside [0, 255]",
            "set pixel_max to the largest value");
    assertFalse(message.contains("= 255"), message);
  }

  @Test
  void negativeValue() {
    assertFails(
        "{\"data\": [-0.5]}",
        1,
        "data[0] (image 0, pixel 0) is -0.5, outside [0, 1]",
        "cannot be negative");
  }

  @Test
  void countNotWholeImages() {
    assertFails(
        "{\"data\": [0,0,0,0,0,0, 0,0,0,0]}",
        1,
        "data holds 10 values, not a whole number of 2x3x1 images (1 images and 4 values over)",
        "set height and width");
  }

  @Test
  void nestedImageOfWrongSize() {
    assertFails(
        "{\"data\":[[0,0,0,0,0,0],[0,0,0,0,0]]}",
        255,
        "data[1] has 5 values, expected 6 (one 2x3x1 image)",
        "byte 23");
  }

  @Test
  void nestedThenFlat() {
    assertFails("{\"data\":[[0,0,0,0,0,0],0]}", 255, "data[1] is 0, not an array like data[0]");
  }

  @Test
  void otherKey() {
    assertFails(
        "{\"pixels\": [0]}", 1, "expected the key \"data\", found the key \"pixels\"", "byte 1");
  }

  @Test
  void notAnObject() {
    assertFails("[0, 1]", 1, "expected '{', found '['", "byte 0");
  }

  @Test
  void contentAfterTheObject() {
    assertFails("{\"data\": []} {", 1, "unexpected content after the closing '}'", "byte 13");
  }

  @Test
  void missingComma() {
    assertFails(
        "{\"data\": [0 1]}",
        1,
        "after data[0] (image 0, pixel 0): Unexpected character ('1'",
        "was expecting comma");
  }

  @Test
  void truncatedFile_saysWhereItEnds() {
    assertFails(
        "{\"data\": [0, 0.5, 0.2",
        1,
        "after data[2] (image 0, pixel 2), found the end of" + " the file",
        "byte 21");
  }

  @Test
  void emptyFile() {
    assertFails("", 1, "expected '{', found the end of the file", "byte 0");
  }

  private static float[] read(String json, float pixelMax) {
    return PixelJsonReader.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII)), WHERE, SHAPE, pixelMax);
  }

  private static String assertFails(String json, float pixelMax, String... facts) {
    String message = assertThrows(UserException.class, () -> read(json, pixelMax)).getMessage();
    assertTrue(message.contains(WHERE), () -> "no file in: " + message);
    for (String fact : facts) {
      assertTrue(message.contains(fact), () -> "no '" + fact + "' in: " + message);
    }
    assertFalse(message.contains("\n"), () -> "not one line: " + message);
    return message;
  }

  /**
   * Seeded values in [0, 1], 0 and 1 included: three decimals as mnist writes them, and floats of
   * full precision, some tiny enough that Float.toString writes an exponent ("1.0E-5").
   */
  static float[] randomUnitValues(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] =
          switch (i % 3) {
            case 0 -> random.nextInt(1001) / 1000f;
            case 1 -> random.nextFloat();
            default -> random.nextFloat() * 1e-4f;
          };
    }
    values[0] = 0;
    values[count - 1] = 1;
    return values;
  }
}
