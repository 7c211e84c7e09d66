package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;

/** mse, label-smoothing and focal against {@link Float64Reference} on {@link TinyBatch}. */
class ClassificationLossTest {
  private final TinyBatch batch = TinyBatch.fixed();

  @Test
  void mse_isTheMeanOverExamplesOfTheSummedSquaredErrorOfTheLogits() {
    for (double scale : new double[] {1.0, 2.5}) {
      double expected = Float64Reference.mse(batch.logits(), batch.oneHot(), scale);
      TermAssertions.assertClose(
          expected,
          TermAssertions.value(batch, new MseRegularizer(), Map.of("target_scale", scale), 1));
    }
  }

  @Test
  void labelSmoothing_isCrossEntropyAgainstSmoothedTargets() {
    for (double smoothing : new double[] {0.0, 0.1, 0.6}) {
      double expected = Float64Reference.labelSmoothing(batch.logits(), batch.oneHot(), smoothing);
      TermAssertions.assertClose(
          expected,
          TermAssertions.value(
              batch, new LabelSmoothingRegularizer(), Map.of("smoothing", smoothing), 1));
    }
  }

  @Test
  void focal_matchesTheFormula_withAndWithoutClassWeights() {
    TermAssertions.assertClose(
        Float64Reference.focal(batch.logits(), batch.labels(), 2.0, List.of()),
        TermAssertions.value(batch, new FocalRegularizer(), Map.of(), 1));
    List<Double> alpha = List.of(0.25, 0.5, 1.0);
    TermAssertions.assertClose(
        Float64Reference.focal(batch.logits(), batch.labels(), 0.5, alpha),
        TermAssertions.value(
            batch, new FocalRegularizer(), Map.of("gamma", 0.5, "alpha", alpha), 1));
  }

  @Test
  void focal_withGammaZero_isCrossEntropy() {
    TermAssertions.assertClose(
        Float64Reference.labelSmoothing(batch.logits(), batch.oneHot(), 0.0),
        TermAssertions.value(batch, new FocalRegularizer(), Map.of("gamma", 0.0), 1));
  }

  @Test
  void focal_refusesAClassWeightCountThatIsNotTheClassCount() {
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                TermAssertions.value(
                    batch, new FocalRegularizer(), Map.of("alpha", List.of(1.0, 2.0)), 1));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }
}
