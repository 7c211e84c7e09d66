package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.runtime.study.RobustCorrelations.Method;
import org.nclab.runtime.study.RobustCorrelations.Result;
import org.nclab.runtime.study.RobustCorrelations.Sample;

/**
 * Every figure against a float64 reference written here from the definitions (pair counting for
 * Kendall's τ-b, explicit enumeration of permutations, regression residuals for the partial
 * coefficient), never against the class itself.
 */
class RobustCorrelationsTest {
  private static final double[] X = {0.21, 0.35, 0.18, 0.52, 0.44, 0.29, 0.61};
  private static final double[] Y = {0.930, 0.941, 0.927, 0.949, 0.936, 0.944, 0.947};

  @Test
  void aCoefficientWithinRoundingOfZeroHasNoSign() {
    // Spearman's ρ is exactly 0 when Σd² = n(n²−1)/6, and comes out of the arithmetic as ±1e-17
    // (docs/paper's "source NC1 vs linear-probe 10 shots" is such a line).
    assertEquals(0, RobustCorrelations.sign(-1.3877787807814457e-17));
    assertEquals(0, RobustCorrelations.sign(0.0));
    assertEquals(1, RobustCorrelations.sign(1e-9));
    assertEquals(-1, RobustCorrelations.sign(-0.05));
  }

  @Test
  void kendallTauB_isThePairCountingDefinition_withTies() {
    double[] x = {1, 2, 2, 3, 4, 4, 4, 5};
    double[] y = {2, 1, 3, 3, 5, 4, 4, 6};
    assertEquals(IndependentVerdicts.kendall(x, y), Method.KENDALL.coefficient(x, y), 1e-12);
    assertEquals(IndependentVerdicts.kendall(X, Y), Method.KENDALL.coefficient(X, Y), 1e-12);
  }

  @Test
  void pValue_isTheShareOfAllPermutationsAtLeastAsExtreme() {
    RobustCorrelations statistics = new RobustCorrelations(100, 10_000, 3);
    for (Method method : Method.values()) {
      double expected = exactPValue(method, X, Y);
      assertEquals(expected, statistics.pValue(method, X, Y), 1e-12, method.label());
    }
    // A perfect ranking of 7: only the identity and its reverse are as extreme, 2 of 5040.
    double[] ordered = {1, 2, 3, 4, 5, 6, 7};
    assertEquals(2.0 / 5040, statistics.pValue(Method.SPEARMAN, ordered, ordered), 1e-15);
  }

  @Test
  void pValue_fromRandomPermutations_isCloseToTheExactOne() {
    double exact = exactPValue(Method.SPEARMAN, X, Y);
    // 5040 permutations exceed a budget of 2000, so these are random ones.
    double sampled = new RobustCorrelations(100, 2000, 11).pValue(Method.SPEARMAN, X, Y);
    double standardError = Math.sqrt(exact * (1 - exact) / 2000);
    assertTrue(
        Math.abs(sampled - exact) < 4 * standardError + 1.0 / 2001, sampled + " vs " + exact);
  }

  @Test
  void leaveOneOut_rangeAndFlips_areWhatDroppingEachVariantGives() {
    // Six variants with no relation, and an extreme one (like NT-Xent's source NC1 of 16.4 against
    // 0.2-0.5) that alone makes the correlation strong.
    double[] x = {0.2, 0.3, 0.25, 0.45, 0.35, 0.4, 16.4};
    double[] y = {0.94, 0.93, 0.948, 0.935, 0.945, 0.931, 0.90};
    List<Sample> samples = oneSeedEach(x, y);
    Result r = new RobustCorrelations(500, 2000, 5).analyse(Method.PEARSON, samples);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      double value = IndependentVerdicts.pearson(without(x, i), without(y, i));
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    assertEquals(low, r.leaveOneOutLow(), 1e-12);
    assertEquals(high, r.leaveOneOutHigh(), 1e-12);
    assertTrue(r.flips().contains("v6"), r.toString());
    assertEquals(Verdict.Kind.INCONCLUSIVE, Verdict.of(r, -1).kind(), Verdict.of(r, -1).reason());
  }

  @Test
  void partial_isThePearsonOfRegressionResiduals_ofTheRanksForSpearman() {
    double[] z = {0.80, 0.86, 0.79, 0.91, 0.85, 0.90, 0.88};
    assertEquals(
        residualPartial(X, Y, z), RobustCorrelations.partial(Method.PEARSON, X, Y, z), 1e-12);
    assertEquals(
        residualPartial(
            IndependentVerdicts.ranks(X),
            IndependentVerdicts.ranks(Y),
            IndependentVerdicts.ranks(z)),
        RobustCorrelations.partial(Method.SPEARMAN, X, Y, z),
        1e-12);
    RobustCorrelations statistics = new RobustCorrelations(100, 100, 2);
    List<Sample> controlled = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      controlled.add(
          new Sample("v" + i, new double[] {X[i]}, new double[] {Y[i]}, new double[] {z[i]}));
    }
    assertEquals(
        residualPartial(
            IndependentVerdicts.ranks(X),
            IndependentVerdicts.ranks(Y),
            IndependentVerdicts.ranks(z)),
        statistics.analyse(Method.SPEARMAN, controlled).partial(),
        1e-12);
    // Three variants leave a partial coefficient no degree of freedom: it is not reported.
    assertTrue(
        Double.isNaN(statistics.analyse(Method.SPEARMAN, controlled.subList(0, 3)).partial()));
  }

  @Test
  void theCoefficientIsOfTheVariantMeans_andSeedNoiseWidensTheInterval() {
    double[] means = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    double[] ys = {0.90, 0.91, 0.915, 0.93, 0.925, 0.94, 0.95, 0.955};
    RobustCorrelations statistics = new RobustCorrelations(2000, 2000, 9);
    Result quiet = statistics.analyse(Method.PEARSON, seeds(means, ys, 0.001));
    Result noisy = statistics.analyse(Method.PEARSON, seeds(means, ys, 0.3));
    // Seeds at ±d around each mean leave the means, hence the coefficient, unchanged.
    assertEquals(IndependentVerdicts.pearson(means, ys), quiet.coefficient(), 1e-12);
    assertEquals(IndependentVerdicts.pearson(means, ys), noisy.coefficient(), 1e-12);
    assertTrue(quiet.low() > 0.8 && quiet.high() <= 1, quiet.toString());
    assertTrue(noisy.high() - noisy.low() > 2 * (quiet.high() - quiet.low()), noisy + " " + quiet);
    assertEquals(Verdict.Kind.SUPPORTED, Verdict.of(quiet, +1).kind());
    assertEquals(Verdict.Kind.CONTRADICTED, Verdict.of(quiet, -1).kind());
  }

  @Test
  void tooFewVariants_orNoSpread_isUndefined_andInconclusive() {
    RobustCorrelations statistics = new RobustCorrelations(100, 100, 1);
    Result two = statistics.analyse(Method.SPEARMAN, oneSeedEach(new double[] {1, 2}, Y));
    assertTrue(!two.defined() && two.note().contains("2 variants"), two.toString());
    Result flat =
        statistics.analyse(
            Method.KENDALL, oneSeedEach(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
    assertTrue(!flat.defined(), flat.toString());
    assertEquals(Verdict.Kind.INCONCLUSIVE, Verdict.of(flat, 1).kind());
  }

  // ---- references ----

  private static List<Sample> oneSeedEach(double[] x, double[] y) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      samples.add(new Sample("v" + i, new double[] {x[i]}, new double[] {y[i]}, null));
    }
    return samples;
  }

  /** Three seeds per variant: the mean, and the mean ± spread (x only). */
  private static List<Sample> seeds(double[] x, double[] y, double spread) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      samples.add(
          new Sample(
              "v" + i,
              new double[] {x[i] - spread, x[i], x[i] + spread},
              new double[] {y[i], y[i], y[i]},
              null));
    }
    return samples;
  }

  private static double coefficient(Method method, double[] x, double[] y) {
    return switch (method) {
      case PEARSON -> IndependentVerdicts.pearson(x, y);
      case SPEARMAN ->
          IndependentVerdicts.pearson(IndependentVerdicts.ranks(x), IndependentVerdicts.ranks(y));
      case KENDALL -> IndependentVerdicts.kendall(x, y);
    };
  }

  private static double exactPValue(Method method, double[] x, double[] y) {
    double observed = Math.abs(coefficient(method, x, y));
    List<double[]> all = new ArrayList<>();
    permute(y.clone(), 0, all);
    long extreme =
        all.stream().filter(p -> Math.abs(coefficient(method, x, p)) >= observed - 1e-12).count();
    return (double) extreme / all.size();
  }

  private static void permute(double[] a, int k, List<double[]> out) {
    if (k == a.length) {
      out.add(a.clone());
      return;
    }
    for (int i = k; i < a.length; i++) {
      double t = a[k];
      a[k] = a[i];
      a[i] = t;
      permute(a, k + 1, out);
      a[i] = a[k];
      a[k] = t;
    }
  }

  /** Pearson's r of the residuals of x on z and of y on z (least squares with an intercept). */
  private static double residualPartial(double[] x, double[] y, double[] z) {
    return IndependentVerdicts.pearson(residuals(x, z), residuals(y, z));
  }

  private static double[] residuals(double[] v, double[] z) {
    double mz = Arrays.stream(z).average().orElseThrow();
    double mv = Arrays.stream(v).average().orElseThrow();
    double szv = 0;
    double szz = 0;
    for (int i = 0; i < z.length; i++) {
      szv += (z[i] - mz) * (v[i] - mv);
      szz += (z[i] - mz) * (z[i] - mz);
    }
    double slope = szv / szz;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - (mv + slope * (z[i] - mz));
    }
    return out;
  }

  private static double[] without(double[] values, int index) {
    double[] out = new double[values.length - 1];
    for (int i = 0, j = 0; i < values.length; i++) {
      if (i != index) {
        out[j++] = values[i];
      }
    }
    return out;
  }
}
