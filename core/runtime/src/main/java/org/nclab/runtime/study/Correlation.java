package org.nclab.runtime.study;

/**
 * A correlation coefficient with its bootstrap 95% interval.
 *
 * @param method "spearman" or "pearson"
 * @param n pairs it was computed from
 * @param coefficient in [-1, 1], or NaN when undefined (fewer than 3 pairs, or a constant input)
 * @param low 2.5th percentile of the coefficient over bootstrap resamples, or NaN
 * @param high 97.5th percentile, or NaN
 * @param resamplesUsed resamples with a defined coefficient (a resample that repeats one pair n
 *     times has none); the interval is NaN when fewer than half of them were
 * @param note why the coefficient or interval is undefined, or null
 */
public record Correlation(
    String method,
    int n,
    double coefficient,
    double low,
    double high,
    int resamplesUsed,
    String note) {

  public boolean defined() {
    return !Double.isNaN(coefficient);
  }
}
