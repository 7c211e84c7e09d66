package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyVerdictsTest {
  private static StudyResults.CorrelationResult correlation(
      String question, List<String> variants, List<Double> xs, List<Double> ys) {
    return correlation(question, variants, xs, ys, null);
  }

  private static StudyResults.CorrelationResult correlation(
      String question,
      List<String> variants,
      List<Double> xs,
      List<Double> ys,
      List<Double> controls) {
    return new StudyResults.CorrelationResult(
        question, "mnist", "linear-probe", "x", "y", variants, xs, ys, controls, null, null);
  }

  @Test
  void theRunsOfAVariantAreItsSeeds_andTheirSourceAccuracyTheControl() {
    List<String> variants = List.of("a", "b", "a", "c", "b");
    List<Double> xs = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
    List<Double> ys = List.of(0.1, 0.2, 0.3, 0.4, 0.5);
    StudyResults.CorrelationResult c =
        correlation(
            "source NC1 vs full accuracy (mnist)",
            variants,
            xs,
            ys,
            List.of(0.9, 0.8, 0.91, 0.7, 0.81));
    List<RobustCorrelations.Sample> samples = StudyVerdicts.samples(c);
    assertEquals(
        List.of("a", "b", "c"), samples.stream().map(RobustCorrelations.Sample::variant).toList());
    assertArrayEquals(new double[] {1.0, 3.0}, samples.get(0).x());
    assertArrayEquals(new double[] {0.2, 0.5}, samples.get(1).y());
    assertArrayEquals(new double[] {0.8, 0.81}, samples.get(1).control());
    // A run without a source accuracy: no control for any variant.
    List<Double> oneMissing = Arrays.asList(0.9, 0.8, null, 0.7, 0.81);
    assertNull(
        StudyVerdicts.samples(correlation("q", variants, xs, ys, oneMissing)).get(0).control());
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
