package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationsTest {
  private final Correlations correlations = new Correlations(2000, 7);

  @Test
  void perfectlyMonotoneButCurved_spearmanIsOne_pearsonIsBelowOne() {
    double[] x = {1, 2, 3, 4, 5, 6};
    double[] y = {1, 8, 27, 64, 125, 216};
    assertEquals(1.0, Correlations.spearmanCoefficient(x, y), 0);
    double r = Correlations.pearsonCoefficient(x, y);
    assertTrue(r > 0.9 && r < 1, "r = " + r);
  }

  @Test
  void antiMonotone_spearmanIsMinusOne() {
    double[] x = {0.5, 1.0, 1.5, 2.0, 2.5};
    double[] y = {-Math.exp(0.5), -Math.exp(1), -Math.exp(1.5), -Math.exp(2), -Math.exp(2.5)};
    assertEquals(-1.0, Correlations.spearmanCoefficient(x, y), 0);
  }

  @Test
  void threePairs_byHand() {
    // ranks (1,2,3) vs (1,3,2): rho = 1 - 6 * (0 + 1 + 1) / (3 * (9 - 1)) = 0.5; Pearson the same
    // here.
    double[] x = {1, 2, 3};
    double[] y = {1, 3, 2};
    assertEquals(0.5, Correlations.spearmanCoefficient(x, y), 1e-15);
    assertEquals(0.5, Correlations.pearsonCoefficient(x, y), 1e-15);
  }

  @Test
  void ties_getTheirAverageRank() {
    // x ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    double[] x = {1, 2, 2, 3};
    double[] y = {10, 20, 30, 40};
    assertEquals(Math.sqrt(0.9), Correlations.spearmanCoefficient(x, y), 1e-15);
  }

  @Test
  void textbookSpearman_iqAgainstHoursOfTelevision() {
    // The worked example of Wikipedia's "Spearman's rank correlation coefficient": rho = -29/165.
    double[] iq = {106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
    double[] tv = {7, 27, 2, 50, 28, 29, 20, 12, 6, 17};
    assertEquals(-29.0 / 165, Correlations.spearmanCoefficient(iq, tv), 1e-14);
  }

  @Test
  void textbookPearson_anscombesFirstSet() {
    double[] x = {10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5};
    double[] y = {8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68};
    assertEquals(0.81642, Correlations.pearsonCoefficient(x, y), 5e-6);
  }

  @Test
  void constantInput_isUndefinedAndSaysWhy() {
    Correlation c = correlations.spearman(new double[] {1, 2, 3, 4}, new double[] {5, 5, 5, 5});
    assertFalse(c.defined());
    assertTrue(Double.isNaN(c.low()) && Double.isNaN(c.high()));
    assertTrue(c.note().contains("same value for every run"), c.note());
    assertTrue(
        Double.isNaN(
            Correlations.pearsonCoefficient(new double[] {2, 2, 2}, new double[] {1, 2, 3})));
  }

  @Test
  void twoPairs_areTooFew() {
    Correlation c = correlations.pearson(new double[] {1, 2}, new double[] {3, 4});
    assertFalse(c.defined());
    assertTrue(c.note().contains("at least 3"), c.note());
  }

  @Test
  void bootstrap_isSeededAndBracketsTheCoefficient() {
    double[] x = {0.3, 0.9, 1.4, 2.2, 2.9, 3.1, 4.0, 4.4, 5.2, 6.0};
    double[] y = {1.1, 0.7, 2.0, 1.9, 3.4, 2.8, 3.9, 5.1, 4.6, 6.3};
    Correlation a = correlations.pearson(x, y);
    Correlation b = new Correlations(2000, 7).pearson(x, y);
    assertEquals(a, b);
    assertTrue(a.low() <= a.coefficient() && a.coefficient() <= a.high(), a.toString());
    assertTrue(a.high() - a.low() > 0.01, "a real interval: " + a);
    Correlation other = new Correlations(2000, 8).pearson(x, y);
    assertTrue(other.low() != a.low() || other.high() != a.high(), "another seed, other resamples");
  }

  @Test
  void bootstrapOfAPerfectRanking_isExactlyOne() {
    // With 4 pairs, 1 resample in 64 draws one pair four times and has no coefficient.
    double[] x = {1, 2, 3, 4};
    double[] y = {2, 4, 5, 9};
    Correlation c = correlations.spearman(x, y);
    assertEquals(1.0, c.low(), 0);
    assertEquals(1.0, c.high(), 0);
    assertTrue(c.resamplesUsed() < 2000, "resamples drawing one pair n times are left out");
  }

  @Test
  void interval95_interpolatesBetweenRanks() {
    // Positions 0.025 * 4 = 0.1 and 0.975 * 4 = 3.9 between the ranks of 1..5, in any order.
    double[] interval = Correlations.interval95(new double[] {4, 1, 5, 3, 2});
    assertEquals(1.1, interval[0], 1e-15);
    assertEquals(4.9, interval[1], 1e-15);
  }

  @Test
  void nonFiniteOrMismatchedInput_isAProgrammingError() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Correlations.pearsonCoefficient(
                new double[] {1, Double.NaN, 3}, new double[] {1, 2, 3}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Correlations.spearmanCoefficient(new double[] {1, 2}, new double[] {1, 2, 3}));
  }
}
