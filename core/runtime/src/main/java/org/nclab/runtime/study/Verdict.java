package org.nclab.runtime.study;

import java.util.Locale;

/**
 * What a correlation says about a claim, by the rules of docs/studies.md, never typed by hand:
 *
 * <ol>
 *   <li>undefined coefficient: inconclusive;
 *   <li>permutation p ≥ {@link RobustCorrelations#ALPHA}, or a bootstrap interval that contains 0:
 *       inconclusive (not significant);
 *   <li>a variant whose removal alone flips the sign or the significance: inconclusive (sensitive
 *       to that variant);
 *   <li>otherwise supported when the sign is the claim's, contradicted when it is the opposite.
 * </ol>
 *
 * @param reason one sentence with the numbers the verdict rests on
 */
public record Verdict(Kind kind, String reason) {
  public enum Kind {
    SUPPORTED,
    CONTRADICTED,
    INCONCLUSIVE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param expectedSign +1 when the claim predicts a positive correlation, -1 a negative one
   */
  public static Verdict of(RobustCorrelations.Result r, int expectedSign) {
    if (expectedSign != 1 && expectedSign != -1) {
      throw new IllegalArgumentException("expectedSign must be +1 or -1, got " + expectedSign);
    }
    if (!r.defined()) {
      return new Verdict(Kind.INCONCLUSIVE, "undefined: " + r.note());
    }
    String numbers =
        String.format(
            Locale.ROOT,
            "%s %+.2f, 95%% interval [%+.2f, %+.2f], permutation p = %.3f, %d variants",
            r.method().label(),
            r.coefficient(),
            r.low(),
            r.high(),
            r.pValue(),
            r.variants());
    if (!r.significant() || !r.intervalExcludesZero()) {
      return new Verdict(Kind.INCONCLUSIVE, "not significant: " + numbers);
    }
    if (!r.flips().isEmpty()) {
      return new Verdict(
          Kind.INCONCLUSIVE,
          String.format(
              Locale.ROOT,
              "sensitive to one variant: leaving out %s alone flips the sign or the significance"
                  + " (leave-one-out range [%+.2f, %+.2f]); %s",
              String.join(" or ", r.flips()),
              r.leaveOneOutLow(),
              r.leaveOneOutHigh(),
              numbers));
    }
    boolean agrees = Math.signum(r.coefficient()) == expectedSign;
    return new Verdict(agrees ? Kind.SUPPORTED : Kind.CONTRADICTED, numbers);
  }
}
