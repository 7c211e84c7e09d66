package org.nclab.runtime.study;

import com.google.common.math.Quantiles;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Pearson and Spearman correlations (commons-math3; Spearman gives tied values their average rank)
 * with seeded percentile-bootstrap 95% intervals, all in float64.
 *
 * <p>Undefined is NaN, never an exception or a made-up 0: fewer than {@link #MIN_PAIRS} pairs (two
 * points always lie on a line, so their ±1 says nothing), or an input with no spread (a correlation
 * divides by the standard deviations).
 */
public final class Correlations {
  /** The fewest pairs for which a coefficient is reported. */
  public static final int MIN_PAIRS = 3;

  private final int resamples;
  private final long seed;

  /**
   * @param resamples bootstrap resamples (e.g. 2000)
   * @param seed the same seed gives the same intervals
   */
  public Correlations(int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  public Correlation pearson(double[] x, double[] y) {
    return withInterval("pearson", x, y, Correlations::pearsonCoefficient);
  }

  public Correlation spearman(double[] x, double[] y) {
    return withInterval("spearman", x, y, Correlations::spearmanCoefficient);
  }

  /** Pearson's r, or NaN when undefined (see the class comment). */
  public static double pearsonCoefficient(double[] x, double[] y) {
    requireSameLength(x, y);
    if (x.length < MIN_PAIRS || constant(x) || constant(y)) {
      return Double.NaN;
    }
    return clamp(new PearsonsCorrelation().correlation(x, y));
  }

  /** Spearman's ρ (Pearson's r of the average ranks), or NaN when undefined. */
  public static double spearmanCoefficient(double[] x, double[] y) {
    requireSameLength(x, y);
    if (x.length < MIN_PAIRS || constant(x) || constant(y)) {
      return Double.NaN;
    }
    return clamp(new SpearmansCorrelation().correlation(x, y));
  }

  private Correlation withInterval(
      String method, double[] x, double[] y, BiFunction<double[], double[], Double> coefficientOf) {
    requireSameLength(x, y);
    int n = x.length;
    double coefficient = coefficientOf.apply(x, y);
    if (Double.isNaN(coefficient)) {
      String why =
          n < MIN_PAIRS
              ? n + " pairs; a correlation needs at least " + MIN_PAIRS
              : "one variable has the same value for every run";
      return new Correlation(method, n, Double.NaN, Double.NaN, Double.NaN, 0, why);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[resamples];
    int used = 0;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        int pick = random.nextInt(n);
        xs[i] = x[pick];
        ys[i] = y[pick];
      }
      double value = coefficientOf.apply(xs, ys);
      if (!Double.isNaN(value)) {
        values[used++] = value;
      }
    }
    if (used * 2 < resamples) {
      return new Correlation(
          method,
          n,
          coefficient,
          Double.NaN,
          Double.NaN,
          used,
          "only "
              + used
              + " of "
              + resamples
              + " resamples had a defined coefficient; too few pairs for an interval");
    }
    double[] interval = interval95(Arrays.copyOf(values, used));
    return new Correlation(method, n, coefficient, interval[0], interval[1], used, null);
  }

  /**
   * The 2.5th and 97.5th percentiles, interpolating linearly between closest ranks (Guava's
   * definition, the same as R-7 and numpy's default). Reorders {@code values}.
   */
  static double[] interval95(double[] values) {
    Map<Integer, Double> permille = Quantiles.scale(1000).indexes(25, 975).computeInPlace(values);
    return new double[] {permille.get(25), permille.get(975)};
  }

  static boolean constant(double[] values) {
    return Arrays.stream(values).allMatch(v -> v == values[0]);
  }

  // Rounding can put a perfect correlation a hair outside [-1, 1].
  static double clamp(double r) {
    return Math.max(-1, Math.min(1, r));
  }

  private static void requireSameLength(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException(
            "pair " + i + " is not finite: (" + x[i] + ", " + y[i] + ")");
      }
    }
  }
}
