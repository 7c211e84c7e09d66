package org.nclab.runtime.study;

import java.util.regex.Pattern;
import org.nclab.runtime.config.RunNames;

/** Folder-safe names for variants and outputs. */
final class Names {
  /** What a run folder's name may be: {@link RunNames}'s one rule. */
  static final Pattern SAFE = RunNames.SAFE;

  private Names() {}

  /**
   * {@code "cross-entropy"} stays, {@code [32, 64]} becomes {@code 32-64}, {@code a b} becomes
   * {@code a-b}.
   */
  static String safe(String text) {
    String safe = text.replaceAll("[^A-Za-z0-9._\\-]+", "-").replaceAll("^[-.]+|-+$", "");
    if (safe.isEmpty()) {
      safe = "x";
    }
    return safe.length() > 100 ? safe.substring(0, 100) : safe;
  }
}
