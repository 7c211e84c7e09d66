package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nclab.plugins.nc.TestAsserts.assertMatrixRelative;
import static org.nclab.plugins.nc.TestAsserts.assertMetricsRelative;
import static org.nclab.plugins.nc.TestAsserts.assertRelative;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.probe.FeatureBatch;

class NcStatisticsTest {
  private static final LabelledFeatures DATA =
      LabelledFeatures.gaussian(11, 24, new int[] {40, 7, 90, 1, 33}, 2.0, 1.0);

  @Test
  void moments_matchTheTwoPassComputation() {
    ClassMoments moments = DATA.statistics(16).moments();
    DirectNc direct = new DirectNc(DATA, false);
    assertEquals(DATA.size(), moments.total());
    for (int a = 0; a < direct.classes.length; a++) {
      assertArrayEquals(direct.means[a], moments.mean(direct.classes[a]), 1e-13);
    }
    assertMatrixRelative(direct.within, moments.withinCovariance(), 1e-12, "Σ_W");
  }

  @Test
  void merge_ofPartsEqualsOneAccumulatorOverAllRows() {
    ClassMoments whole = DATA.statistics(1000).moments();
    NcStatistics merged = statisticsOfRows(0, 50);
    merged.merge(statisticsOfRows(50, 51)); // one row: a part where most classes are absent
    merged.merge(statisticsOfRows(51, DATA.size()));
    assertSameMoments(whole, merged.moments(), 1e-12);
  }

  @Test
  void merge_isAssociative() {
    NcStatistics left = statisticsOfRows(0, 60);
    left.merge(statisticsOfRows(60, 120));
    left.merge(statisticsOfRows(120, DATA.size()));
    NcStatistics right = statisticsOfRows(60, 120);
    right.merge(statisticsOfRows(120, DATA.size()));
    NcStatistics outer = statisticsOfRows(0, 60);
    outer.merge(right);
    assertSameMoments(left.moments(), outer.moments(), 1e-12);
  }

  /** Different splits into batches and parts, different reference points, same metrics. */
  @Test
  void metrics_doNotDependOnHowTheRowsWereSplit() {
    Map<String, Double> whole = NcMetrics.compute(DATA.statistics(7).moments(), null, false, 1e-10);
    NcStatistics parts = statisticsOfRows(100, DATA.size());
    parts.merge(statisticsOfRows(3, 100));
    parts.merge(statisticsOfRows(0, 3));
    Map<String, Double> merged = NcMetrics.compute(parts.moments(), null, false, 1e-10);
    assertMetricsRelative(whole, merged, 1e-12);
  }

  @Test
  void merge_leavesTheOtherUnchanged() {
    NcStatistics other = statisticsOfRows(0, 80);
    ClassMoments before = other.moments();
    statisticsOfRows(80, DATA.size()).merge(other);
    assertSameMoments(before, other.moments(), 0);
  }

  /**
   * The reason for per-class reference points. Translating the data far from the origin (4096 ≫ its
   * spread of about 1) would make Σ x xᵀ − N μ μᵀ cancel away about 7 of 16 digits; the shifted
   * sums keep the scatter to rounding level. (4096 is a power of two, so x + 4096 − 4096 is exactly
   * x in float: both data sets are the same points, translated.)
   */
  @Test
  void withinScatter_isUnaffectedByALargeTranslation() {
    float[] far = DATA.features().clone();
    float[] near = new float[far.length];
    for (int k = 0; k < far.length; k++) {
      far[k] += 4096f;
      near[k] = far[k] - 4096f;
    }
    ClassMoments farMoments = DATA.withFeatures(far).statistics(32).moments();
    ClassMoments nearMoments = DATA.withFeatures(near).statistics(32).moments();
    assertMatrixRelative(
        nearMoments.withinCovariance(), farMoments.withinCovariance(), 1e-13, "Σ_W");
  }

  @Test
  void rowsWithNonFiniteValues_areSkippedAndCounted() {
    LabelledFeatures clean =
        new LabelledFeatures.Builder(2, 2).add(0, 1, 2).add(0, 3, 4).add(1, -1, 0).build();
    float[] features = {Float.NaN, 0, 1, 2, 3, Float.POSITIVE_INFINITY, 3, 4, -1, 0};
    int[] labels = {0, 0, 1, 0, 1};
    NcStatistics statistics = new NcStatistics(2, 2);
    statistics.add(new FeatureBatch(features, labels, null, 5, 2));
    ClassMoments moments = statistics.moments();
    ClassMoments expected = clean.statistics(10).moments();
    assertEquals(2, moments.skippedRows());
    assertSameMoments(expected, moments, 0);
  }

  @Test
  void batchesThatBreakTheContract_areRefused() {
    NcStatistics statistics = new NcStatistics(3, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> statistics.add(new FeatureBatch(new float[4], new int[] {0, 3}, null, 2, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> statistics.add(new FeatureBatch(new float[6], new int[] {0, 1}, null, 2, 3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> statistics.add(new FeatureBatch(new float[3], new int[] {0, 1}, null, 2, 2)));
    assertThrows(IllegalArgumentException.class, () -> statistics.merge(new NcStatistics(3, 4)));
  }

  private static NcStatistics statisticsOfRows(int from, int to) {
    NcStatistics statistics = new NcStatistics(DATA.numClasses(), DATA.dim());
    statistics.add(DATA.batch(from, to));
    return statistics;
  }

  private static void assertSameMoments(ClassMoments expected, ClassMoments actual, double rel) {
    assertEquals(expected.total(), actual.total());
    for (int c = 0; c < expected.numClasses(); c++) {
      assertEquals(expected.count(c), actual.count(c));
      if (expected.count(c) == 0) {
        continue;
      }
      double[] mean = expected.mean(c);
      double[] other = actual.mean(c);
      for (int k = 0; k < mean.length; k++) {
        assertRelative(mean[k], other[k], Math.max(rel, 1e-300), "mean " + c + "/" + k);
      }
      assertRelative(
          expected.withinSquaredDistance(c),
          actual.withinSquaredDistance(c),
          Math.max(rel, 1e-300),
          "within " + c);
    }
    assertMatrixRelative(expected.withinCovariance(), actual.withinCovariance(), rel, "Σ_W");
  }
}
