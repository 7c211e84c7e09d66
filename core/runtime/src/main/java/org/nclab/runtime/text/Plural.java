package org.nclab.runtime.text;

/**
 * "1 epoch", "2 epochs": a count with its noun in the right number, for every line nclab prints.
 */
public final class Plural {
  private Plural() {}

  /**
   * The count and the noun, with an "s" unless the count is 1 ({@code of(1, "epoch")} is "1
   * epoch").
   */
  public static String of(long count, String noun) {
    return of(count, noun, noun + "s");
  }

  /** The count and the singular or the plural noun, for nouns without a plain "s" plural. */
  public static String of(long count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }
}
