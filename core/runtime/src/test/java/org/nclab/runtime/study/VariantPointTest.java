package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VariantPointTest {

  @Test
  void rowsOfOneVariantWithDifferentSeedsBecomeAMeanWithIts95PercentInterval() {
    // ce seeds 1..3: x 1, 2, 3 -> mean 2, sd 1; y 0.5, 0.7, 0.9 -> mean 0.7, sd 0.2; the 95%
    // half-width is t(0.975, 2) sd / sqrt(3), t(0.975, 2) = 4.302653 from a t table
    List<VariantPoint> points =
        VariantPoint.of(
            List.of("ce", "mse", "ce", "ce"),
            List.of(1.0, 10.0, 2.0, 3.0),
            List.of(0.5, 0.4, 0.7, 0.9));
    assertEquals(2, points.size());
    VariantPoint ce = points.get(0);
    assertEquals("ce", ce.variant());
    assertEquals(3, ce.n());
    assertEquals(2.0, ce.x(), 1e-12);
    assertEquals(0.7, ce.y(), 1e-12);
    assertEquals(4.302653 / Math.sqrt(3), ce.xHalf(), 1e-6);
    assertEquals(4.302653 * 0.2 / Math.sqrt(3), ce.yHalf(), 1e-6);
    assertEquals(new VariantPoint("mse", 1, 10.0, 0.4, 0, 0), points.get(1));
    assertTrue(VariantPoint.replicated(points));
    assertFalse(
        VariantPoint.replicated(
            VariantPoint.of(List.of("a", "b"), List.of(1.0, 2.0), List.of(3.0, 4.0))));
  }

  @Test
  void leastSquaresAgainstTheClosedForm() {
    // y = 1 + 2x exactly, then one point off the line
    VariantPoint.Fit exact =
        VariantPoint.Fit.of(List.of(0.0, 1.0, 2.0, 3.0), List.of(1.0, 3.0, 5.0, 7.0));
    assertEquals(1.0, exact.intercept(), 1e-12);
    assertEquals(2.0, exact.slope(), 1e-12);
    assertEquals(1.0, exact.rSquared(), 1e-12);
    // x 0,1,2; y 0,2,1: x̄ 1, ȳ 1, Sxx 2, Sxy 1, Syy 2 -> slope 0.5, intercept 0.5, R² 1/4
    VariantPoint.Fit off = VariantPoint.Fit.of(List.of(0.0, 1.0, 2.0), List.of(0.0, 2.0, 1.0));
    assertEquals(0.5, off.slope(), 1e-12);
    assertEquals(0.5, off.intercept(), 1e-12);
    assertEquals(0.25, off.rSquared(), 1e-12);
    assertNull(VariantPoint.Fit.of(List.of(0.0, 1.0), List.of(0.0, 1.0)), "two points: no line");
    assertNull(
        VariantPoint.Fit.of(List.of(1.0, 1.0, 1.0), List.of(0.0, 1.0, 2.0)), "constant x: no line");
  }
}
