package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;

/**
 * supcon and nt-xent (with the identity head, so the loss sees the features) against {@link
 * Float64Reference}. {@link TinyBatch} has a class with a single example (label 2), so SupCon meets
 * an anchor without positives.
 */
class ContrastiveLossTest {
  private final TinyBatch batch = TinyBatch.fixed();

  @Test
  void supcon_onTheFeatures_matchesTheFormula() {
    for (double temperature : new double[] {0.1, 0.5}) {
      double expected = Float64Reference.contrastive(batch.features(), batch.labels(), temperature);
      TermAssertions.assertClose(
          expected,
          TermAssertions.value(
              batch,
              new SupConRegularizer(),
              Map.of("head_depth", 0, "temperature", temperature),
              1));
    }
  }

  @Test
  void ntXent_positivesAreTheOtherViewsOfTheSameExample() {
    for (int views : new int[] {2, 3}) {
      int[] exampleOfRow = Float64Reference.exampleOfRow(batch.labels().length, views);
      double expected = Float64Reference.contrastive(batch.features(), exampleOfRow, 0.5);
      TermAssertions.assertClose(
          expected,
          TermAssertions.value(batch, new NtXentRegularizer(), Map.of("head_depth", 0), views));
    }
  }

  @Test
  void ntXent_withOneView_tellsWhichKeyToSet() {
    UserException e =
        assertThrows(
            UserException.class,
            () -> TermAssertions.value(batch, new NtXentRegularizer(), Map.of(), 1));
    assertTrue(e.getMessage().contains("views = 2"), e.getMessage());
    assertTrue(e.getMessage().contains("[train]"), e.getMessage());
  }
}
