package org.nclab.runtime.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

/**
 * A correlation across variants that were each measured with several seeds, and how far it can be
 * trusted: the coefficient of the variants' means, a 95% interval from a bootstrap that resamples
 * variants and, within each, its seeds; a permutation p-value; the coefficient's range when each
 * variant is left out in turn (naming any variant whose removal flips its sign or its
 * significance); and the partial coefficient controlling for a third figure. All in float64.
 *
 * <p>Undefined is NaN with a note, as in {@link Correlations}.
 */
public final class RobustCorrelations {
  /** The significance level of every verdict. */
  public static final double ALPHA = 0.05;

  /** Spearman's ρ, Pearson's r or Kendall's τ-b. */
  public enum Method {
    SPEARMAN,
    PEARSON,
    KENDALL;

    /** The coefficient, or NaN when undefined (fewer than 3 pairs, or an input without spread). */
    public double coefficient(double[] x, double[] y) {
      if (x.length < Correlations.MIN_PAIRS
          || Correlations.constant(x)
          || Correlations.constant(y)) {
        return Double.NaN;
      }
      return switch (this) {
        case SPEARMAN -> Correlations.spearmanCoefficient(x, y);
        case PEARSON -> Correlations.pearsonCoefficient(x, y);
        case KENDALL -> Correlations.clamp(new KendallsCorrelation().correlation(x, y));
      };
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One variant's figures, one pair per seed.
   *
   * @param control the figure to control for (e.g. source test accuracy) per seed, or null
   */
  public record Sample(String variant, double[] x, double[] y, double[] control) {
    public Sample {
      if (x.length == 0
          || x.length != y.length
          || (control != null && control.length != x.length)) {
        throw new IllegalArgumentException(
            "variant " + variant + ": x, y (and control) need one value per seed, the same count");
      }
    }

    double meanX() {
      return mean(x);
    }

    double meanY() {
      return mean(y);
    }
  }

  /**
   * @param coefficient of the variants' means
   * @param low 2.5th percentile over the two-level bootstrap, or NaN
   * @param high 97.5th percentile, or NaN
   * @param pValue two-sided permutation p-value of the means (exact when every permutation can be
   *     enumerated within the budget), or NaN
   * @param leaveOneOutLow the smallest coefficient with one variant left out, or NaN
   * @param leaveOneOutHigh the largest, or NaN
   * @param flips variants whose removal alone flips the sign or the significance at {@link #ALPHA}
   * @param partial the partial coefficient controlling for the samples' control figure, or NaN (no
   *     control figure, or fewer than 4 variants)
   * @param note why something is undefined, or null
   */
  public record Result(
      Method method,
      int variants,
      double coefficient,
      double low,
      double high,
      double pValue,
      double leaveOneOutLow,
      double leaveOneOutHigh,
      List<String> flips,
      double partial,
      String note) {

    public boolean defined() {
      return !Double.isNaN(coefficient);
    }

    /** The interval lies wholly on one side of 0. */
    public boolean intervalExcludesZero() {
      return (low > 0 && high > 0) || (low < 0 && high < 0);
    }

    public boolean significant() {
      return pValue < ALPHA;
    }
  }

  private final int resamples;
  private final int permutations;
  private final long seed;

  /**
   * @param resamples bootstrap resamples (e.g. 2000)
   * @param permutations random permutations when exact enumeration exceeds this many (e.g. 2000)
   * @param seed the same seed gives the same intervals and p-values
   */
  public RobustCorrelations(int resamples, int permutations, long seed) {
    if (resamples < 1 || permutations < 1) {
      throw new IllegalArgumentException(
          "resamples and permutations must be at least 1, got " + resamples + ", " + permutations);
    }
    this.resamples = resamples;
    this.permutations = permutations;
    this.seed = seed;
  }

  /**
   * The coefficient of the variants' means with its two-level bootstrap interval, as the study's
   * correlation table shows it; {@link Correlation#n} counts variants, not runs.
   */
  public Correlation ofMeans(Method method, List<Sample> samples) {
    int n = samples.size();
    double[] x = samples.stream().mapToDouble(Sample::meanX).toArray();
    double[] y = samples.stream().mapToDouble(Sample::meanY).toArray();
    double coefficient = method.coefficient(x, y);
    if (Double.isNaN(coefficient)) {
      return new Correlation(
          method.label(), n, Double.NaN, Double.NaN, Double.NaN, 0, undefined(n));
    }
    Interval interval = bootstrap(method, samples);
    return new Correlation(
        method.label(),
        n,
        coefficient,
        interval.low(),
        interval.high(),
        interval.used(),
        Double.isNaN(interval.low()) ? TOO_FEW_RESAMPLES : null);
  }

  private static final String TOO_FEW_RESAMPLES = "too few defined bootstrap resamples";

  private static String undefined(int variants) {
    return variants < Correlations.MIN_PAIRS
        ? variants + " variants; a correlation needs at least " + Correlations.MIN_PAIRS
        : "one figure has the same mean for every variant";
  }

  public Result analyse(Method method, List<Sample> samples) {
    int n = samples.size();
    double[] x = samples.stream().mapToDouble(Sample::meanX).toArray();
    double[] y = samples.stream().mapToDouble(Sample::meanY).toArray();
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException(
            "variant " + samples.get(i).variant() + " has a non-finite figure");
      }
    }
    double coefficient = method.coefficient(x, y);
    if (Double.isNaN(coefficient)) {
      String why = undefined(n);
      return new Result(
          method,
          n,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          List.of(),
          Double.NaN,
          why);
    }
    double pValue = pValue(method, x, y);
    Interval interval = bootstrap(method, samples);
    double looLow = Double.NaN;
    double looHigh = Double.NaN;
    List<String> flips = new ArrayList<>();
    if (n - 1 >= Correlations.MIN_PAIRS) {
      looLow = Double.POSITIVE_INFINITY;
      looHigh = Double.NEGATIVE_INFINITY;
      for (int leftOut = 0; leftOut < n; leftOut++) {
        double[] xs = without(x, leftOut);
        double[] ys = without(y, leftOut);
        double value = method.coefficient(xs, ys);
        if (Double.isNaN(value)) {
          flips.add(samples.get(leftOut).variant());
          continue;
        }
        looLow = Math.min(looLow, value);
        looHigh = Math.max(looHigh, value);
        boolean signFlips = sign(coefficient) != 0 && sign(value) != sign(coefficient);
        boolean significanceFlips = (pValue(method, xs, ys) < ALPHA) != (pValue < ALPHA);
        if (signFlips || significanceFlips) {
          flips.add(samples.get(leftOut).variant());
        }
      }
    }
    double partial = Double.NaN;
    // With 3 variants a partial coefficient has no degree of freedom left (it is always ±1).
    if (n > Correlations.MIN_PAIRS && samples.stream().allMatch(s -> s.control() != null)) {
      double[] z = samples.stream().mapToDouble(s -> mean(s.control())).toArray();
      partial = partial(method, x, y, z);
    }
    String note = Double.isNaN(interval.low()) ? TOO_FEW_RESAMPLES : null;
    return new Result(
        method,
        n,
        coefficient,
        interval.low(),
        interval.high(),
        pValue,
        looLow,
        looHigh,
        List.copyOf(flips),
        partial,
        note);
  }

  /**
   * The partial coefficient of x and y given z: {@code (r_xy - r_xz r_yz) / sqrt((1 - r_xz²)(1 -
   * r_yz²))} with each r of {@code method} (for Spearman, Pearson's partial of the ranks). NaN when
   * z is perfectly correlated with x or y, or any coefficient is undefined.
   */
  public static double partial(Method method, double[] x, double[] y, double[] z) {
    double xy = method.coefficient(x, y);
    double xz = method.coefficient(x, z);
    double yz = method.coefficient(y, z);
    double denominator = Math.sqrt((1 - xz * xz) * (1 - yz * yz));
    if (Double.isNaN(xy + xz + yz) || denominator < 1e-12) {
      return Double.NaN;
    }
    return Correlations.clamp((xy - xz * yz) / denominator);
  }

  /**
   * Two-sided: the share of pairings of x with a permutation of y whose coefficient is at least as
   * far from 0 as the observed one. Every permutation when there are at most {@code permutations}
   * of them; otherwise that many random ones plus the observed pairing ((k + 1) / (B + 1)).
   */
  double pValue(Method method, double[] x, double[] y) {
    double observed = Math.abs(method.coefficient(x, y));
    if (Double.isNaN(observed)) {
      return Double.NaN;
    }
    // Ties of |r| in floating point: a permutation equal in value must count as "as extreme".
    double threshold = observed - 1e-12;
    int n = y.length;
    if (factorialAtMost(n, permutations)) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      long extreme = 0;
      long total = 0;
      double[] permuted = new double[n];
      do {
        for (int i = 0; i < n; i++) {
          permuted[i] = y[order[i]];
        }
        double value = method.coefficient(x, permuted);
        if (!Double.isNaN(value) && Math.abs(value) >= threshold) {
          extreme++;
        }
        total++;
      } while (nextPermutation(order));
      return (double) extreme / total;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[] permuted = y.clone();
    long extreme = 0;
    for (int r = 0; r < permutations; r++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = permuted[i];
        permuted[i] = permuted[j];
        permuted[j] = t;
      }
      double value = method.coefficient(x, permuted);
      if (!Double.isNaN(value) && Math.abs(value) >= threshold) {
        extreme++;
      }
    }
    return (extreme + 1.0) / (permutations + 1.0);
  }

  /**
   * Percentile interval over resamples that draw variants with replacement and, within each drawn
   * variant, its seeds with replacement; the coefficient of the resampled means each time.
   */
  private record Interval(double low, double high, int used) {}

  private Interval bootstrap(Method method, List<Sample> samples) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = samples.size();
    double[] values = new double[resamples];
    int used = 0;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        Sample s = samples.get(random.nextInt(n));
        int k = s.x().length;
        double sx = 0;
        double sy = 0;
        for (int j = 0; j < k; j++) {
          int pick = random.nextInt(k);
          sx += s.x()[pick];
          sy += s.y()[pick];
        }
        xs[i] = sx / k;
        ys[i] = sy / k;
      }
      double value = method.coefficient(xs, ys);
      if (!Double.isNaN(value)) {
        values[used++] = value;
      }
    }
    if (used * 2 < resamples) {
      return new Interval(Double.NaN, Double.NaN, used);
    }
    double[] interval = Correlations.interval95(Arrays.copyOf(values, used));
    return new Interval(interval[0], interval[1], used);
  }

  private static boolean factorialAtMost(int n, int limit) {
    long f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
      if (f > limit) {
        return false;
      }
    }
    return true;
  }

  /** Lexicographic successor of {@code a} in place; false after the last permutation. */
  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    swap(a, i, j);
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      swap(a, l, r);
    }
    return true;
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private static double[] without(double[] values, int index) {
    double[] out = new double[values.length - 1];
    System.arraycopy(values, 0, out, 0, index);
    System.arraycopy(values, index + 1, out, index, values.length - index - 1);
    return out;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * The sign of a coefficient, 0 within rounding of 0: a rank coefficient that is exactly 0 (Σd² =
   * n(n²−1)/6) comes out of the arithmetic as ±1e-17, and has no sign that leaving a variant out
   * could flip.
   */
  static int sign(double value) {
    return Math.abs(value) < 1e-12 ? 0 : value > 0 ? 1 : -1;
  }
}
