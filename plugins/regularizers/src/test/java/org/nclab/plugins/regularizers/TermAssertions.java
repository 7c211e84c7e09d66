package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.nclab.testkit.TestGraph;

/** Building one regularizer's term on a batch and comparing it with a float64 reference. */
final class TermAssertions {
  /** float32 arithmetic over a handful of terms stays well inside this. */
  static final double RELATIVE = 1e-5;

  private TermAssertions() {}

  /** The single term of {@code regularizer} with these options on {@code batch}, fetched. */
  static double value(TinyBatch batch, Regularizer regularizer, Map<String, ?> options, int views) {
    try (TestGraph h = new TestGraph()) {
      var ctx = TinyBatch.context(h, regularizer, batch.inputs(h, views));
      return h.scalar(only(TinyBatch.terms(regularizer, options, ctx)).value());
    }
  }

  static LossTerm only(List<LossTerm> terms) {
    assertEquals(1, terms.size(), () -> "terms: " + terms);
    return terms.get(0);
  }

  static void assertClose(double expected, double actual) {
    assertTrue(expected > 0, "a zero reference would check nothing");
    assertEquals(
        expected,
        actual,
        RELATIVE * Math.abs(expected),
        () -> "relative error " + Math.abs(actual - expected) / expected);
  }
}
