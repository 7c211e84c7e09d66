package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossTerm;
import org.nclab.testkit.TestGraph;

/** within-class-variability and vicreg against {@link Float64Reference} on {@link TinyBatch}. */
class VariabilityPenaltyTest {
  private final TinyBatch batch = TinyBatch.fixed();

  @Test
  void withinClassVariability_isTheSquaredShortfallOfTheScatterRatio() {
    double ratio =
        Float64Reference.scatterRatio(batch.features(), batch.labels(), batch.numClasses());
    double target = ratio + 0.7;
    TermAssertions.assertClose(
        0.7 * 0.7,
        TermAssertions.value(
            batch, new WithinClassVariabilityRegularizer(), Map.of("target", target), 1));
    assertEquals(
        0.0,
        TermAssertions.value(
            batch, new WithinClassVariabilityRegularizer(), Map.of("target", ratio - 0.1), 1));
  }

  @Test
  void withinClassVariability_onATap_poolsItsFeatureMaps() {
    // Features as a [6, 1, 2, 2] NHWC map: pixel w holds columns (2w, 2w+1), so pooling over the
    // two pixels gives channel c the mean of columns c and c + 2.
    double[][] features = batch.features();
    double[][] pooled = new double[features.length][2];
    for (int i = 0; i < features.length; i++) {
      pooled[i][0] = (features[i][0] + features[i][2]) / 2;
      pooled[i][1] = (features[i][1] + features[i][3]) / 2;
    }
    double ratio = Float64Reference.scatterRatio(pooled, batch.labels(), batch.numClasses());
    try (TestGraph h = new TestGraph()) {
      Tap block =
          new Tap(
              "block1",
              h.tf().reshape(h.constant(features), h.tf().constant(new long[] {6, 1, 2, 2})));
      var ctx =
          TinyBatch.context(
              h,
              new WithinClassVariabilityRegularizer(),
              batch.inputs(h, 1).withTaps(List.of(block)));
      var terms =
          TinyBatch.terms(
              new WithinClassVariabilityRegularizer(),
              Map.of("tap", "block1", "target", ratio + 0.3),
              ctx);
      TermAssertions.assertClose(0.3 * 0.3, h.scalar(TermAssertions.only(terms).value()));
    }
  }

  @Test
  void withinClassVariability_namesTheTapsThereAreWhenOneIsUnknown() {
    try (TestGraph h = new TestGraph()) {
      Tap block = new Tap("block1", h.constant(batch.features()));
      var ctx =
          TinyBatch.context(
              h,
              new WithinClassVariabilityRegularizer(),
              batch.inputs(h, 1).withTaps(List.of(block)));
      UserException e =
          assertThrows(
              UserException.class,
              () ->
                  TinyBatch.terms(
                      new WithinClassVariabilityRegularizer(), Map.of("tap", "block9"), ctx));
      assertTrue(e.getMessage().contains("\"block1\""), e.getMessage());
    }
  }

  @Test
  void withinClassVariability_ofAOneClassBatch_isFiniteAndInactive() {
    TinyBatch oneClass =
        new TinyBatch(batch.features(), batch.logits(), new int[] {1, 1, 1, 1, 1, 1}, 3);
    try (TestGraph h = new TestGraph()) {
      var ctx =
          TinyBatch.context(h, new WithinClassVariabilityRegularizer(), oneClass.inputs(h, 1));
      var terms = TinyBatch.terms(new WithinClassVariabilityRegularizer(), Map.of(), ctx);
      assertEquals(0.0, h.scalar(TermAssertions.only(terms).value()));
    }
  }

  @Test
  void vicreg_givesItsWeightedVarianceAndCovarianceTerms() {
    double[][] z = batch.features();
    try (TestGraph h = new TestGraph()) {
      var ctx = TinyBatch.context(h, new VicRegRegularizer(), batch.inputs(h, 1));
      List<LossTerm> terms =
          TinyBatch.terms(
              new VicRegRegularizer(),
              Map.of("variance_target", 1.5, "variance_weight", 2.0, "covariance_weight", 0.3),
              ctx);
      assertEquals(
          List.of("vicreg-variance", "vicreg-covariance"),
          terms.stream().map(LossTerm::name).toList());
      TermAssertions.assertClose(
          2.0 * Float64Reference.vicregVariance(z, 1.5, 1e-4), h.scalar(terms.get(0).value()));
      TermAssertions.assertClose(
          0.3 * Float64Reference.vicregCovariance(z), h.scalar(terms.get(1).value()));
    }
  }
}
