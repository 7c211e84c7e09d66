package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.nclab.plugins.nc.TestAsserts.assertRelative;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CdnvTest {

  @Test
  void twoClassesOnALine() {
    // Class 0 at {−1, 1}: μ = 0, σ² = 1. Class 1 at {9, 11}: μ = 10, σ² = 1. (1 + 1)/(2·100).
    LabelledFeatures data =
        new LabelledFeatures.Builder(1, 2).add(0, -1).add(0, 1).add(1, 9).add(1, 11).build();
    assertRelative(0.01, cdnv(data), 1e-15, "cdnv");
  }

  @Test
  void threeClasses_averageOverPairs() {
    // μ = (0,0), (4,0), (0,3); σ² = 1, 4, 0 (the last class is one point, repeated).
    LabelledFeatures data =
        new LabelledFeatures.Builder(2, 3)
            .add(0, 1, 0)
            .add(0, -1, 0)
            .add(1, 4, 2)
            .add(1, 4, -2)
            .add(2, 0, 3)
            .build();
    double expected = ((1 + 4) / (2.0 * 16) + (1 + 0) / (2.0 * 9) + (4 + 0) / (2.0 * 25)) / 3;
    assertRelative(expected, cdnv(data), 1e-15, "cdnv");
  }

  @Test
  void coincidingMeans_leaveCdnvOut() {
    LabelledFeatures data =
        new LabelledFeatures.Builder(1, 2).add(0, -1).add(0, 1).add(1, -2).add(1, 2).build();
    Map<String, Double> metrics = NcMetrics.compute(data.statistics(4).moments(), null, false, 0);
    assertFalse(metrics.containsKey(NcMetrics.CDNV));
  }

  private static double cdnv(LabelledFeatures data) {
    return NcMetrics.compute(data.statistics(3).moments(), null, false, 1e-10).get(NcMetrics.CDNV);
  }
}
