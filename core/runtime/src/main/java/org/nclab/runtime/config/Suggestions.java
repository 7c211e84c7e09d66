package org.nclab.runtime.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelled keys, tables, extension ids, commands and options. */
public final class Suggestions {

  /** The candidate closest to {@code typed}, if it is close enough to be a likely typo. */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    String needle = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= tolerance(typed) ? Optional.of(best) : Optional.empty();
  }

  /**
   * Every candidate close enough to {@code typed} to be a likely typo, closest first (ties in
   * alphabetical order): "evel" lists eval before help, "trian" lists train first.
   */
  public static List<String> ranked(String typed, Collection<String> candidates) {
    String needle = typed.toLowerCase(Locale.ROOT);
    int tolerance = tolerance(typed);
    return candidates.stream()
        .filter(c -> distance(needle, c.toLowerCase(Locale.ROOT)) <= tolerance)
        .sorted(
            Comparator.<String>comparingInt(c -> distance(needle, c.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .distinct()
        .toList();
  }

  /** "; did you mean 'epochs'?" or nothing. */
  static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  // Short names get little slack: with two edits allowed, "lr" would "correct" to any 2-letter key.
  private static int tolerance(String typed) {
    return typed.length() <= 3 ? 1 : typed.length() <= 8 ? 2 : 3;
  }

  /**
   * Optimal string alignment distance: Levenshtein plus adjacent transpositions, because swapped
   * letters ("trian") are the most common typo and should cost one edit, not two.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        boolean swapped =
            i > 1
                && j > 1
                && a.charAt(i - 1) == b.charAt(j - 2)
                && a.charAt(i - 2) == b.charAt(j - 1);
        if (swapped) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private Suggestions() {}
}
