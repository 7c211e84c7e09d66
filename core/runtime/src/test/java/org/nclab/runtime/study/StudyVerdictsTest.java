package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyVerdictsTest {
  private static StudyResults.CorrelationResult correlation(
      String question, List<String> variants, List<Double> xs, List<Double> ys) {
    return new StudyResults.CorrelationResult(
        question, "mnist", "linear-probe", "x", "y", variants, xs, ys, null, null);
  }

  @Test
  void theRunsOfAVariantAreItsSeeds_andItsSourceAccuracyTheControl() {
    StudyResults.CorrelationResult c =
        correlation(
            "source NC1 vs full accuracy (mnist)",
            List.of("a", "b", "a", "c", "b"),
            List.of(1.0, 2.0, 3.0, 4.0, 5.0),
            List.of(0.1, 0.2, 0.3, 0.4, 0.5));
    List<RobustCorrelations.Sample> samples =
        StudyVerdicts.samples(c, Map.of("a", 0.9, "b", 0.8, "c", 0.7));
    assertEquals(
        List.of("a", "b", "c"), samples.stream().map(RobustCorrelations.Sample::variant).toList());
    assertArrayEquals(new double[] {1.0, 3.0}, samples.get(0).x());
    assertArrayEquals(new double[] {0.2, 0.5}, samples.get(1).y());
    assertArrayEquals(new double[] {0.8, 0.8}, samples.get(1).control());
    // A variant without a source accuracy: no control for any.
    assertNull(StudyVerdicts.samples(c, Map.of("a", 0.9, "b", 0.8)).get(0).control());
  }

  @Test
  void theClaimsSign_isNegativeForDownstreamNc1_andPositiveForSourceNc1() {
    List<String> v = List.of("a", "b", "c");
    List<Double> none = List.of(1.0, 2.0, 3.0);
    assertEquals(
        -1,
        StudyVerdicts.claimSign(
            correlation(StudyResults.DOWNSTREAM_NC1 + "linear-probe accuracy (m)", v, none, none)));
    assertEquals(
        1,
        StudyVerdicts.claimSign(
            correlation(StudyResults.SOURCE_NC1 + "full accuracy (m)", v, none, none)));
  }
}
