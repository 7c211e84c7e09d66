package org.nclab.runtime.text;

/** Numbers as every nclab table prints them, so the console and a report agree. */
public final class Numbers {
  private Numbers() {}

  /**
   * A measurement: a whole number (a count, a rank) as an integer ("10", not "10.0000"), anything
   * else with {@code digits} significant digits.
   */
  public static String measurement(double value, int digits) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.format("%." + digits + "g", value);
  }

  /** A share of a whole (0.03855) as a percentage with two decimals ("3.86%"). */
  public static String percent(double share) {
    return String.format("%.2f%%", 100 * share);
  }
}
