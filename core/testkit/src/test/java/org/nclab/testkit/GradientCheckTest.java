package org.nclab.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GradientCheckTest {
  private static final double[][] AT = {{0.3, -1.2, 2.0}, {1.5, 0.7, -0.4}};

  /** Σ x³: gradient 3x². */
  private static Operand<TFloat32> cubes(Ops tf, Operand<TFloat32> x) {
    return tf.sum(tf.math.mul(x, tf.math.square(x)), tf.constant(new int[] {0, 1}));
  }

  /** Σ x³ with two of the three factors cut from the gradient: TensorFlow's gradient is x². */
  private static Operand<TFloat32> cubesWithAStopGradient(Ops tf, Operand<TFloat32> x) {
    return tf.sum(
        tf.math.mul(x, tf.stopGradient(tf.math.square(x))), tf.constant(new int[] {0, 1}));
  }

  private static double cubesReference(double[][] x) {
    double sum = 0;
    for (double[] row : x) {
      for (double v : row) {
        sum += v * v * v;
      }
    }
    return sum;
  }

  @Test
  void aCorrectGradient_passesBothChecks() {
    GradientCheck.assertMatchesCentralDifferences(AT, GradientCheckTest::cubes);
    GradientCheck.assertMatchesReference(
        AT, GradientCheckTest::cubes, GradientCheckTest::cubesReference);
  }

  @Test
  void aStopGradientInTheWrongPlace_failsBothChecks() {
    assertThrows(
        AssertionFailedError.class,
        () ->
            GradientCheck.assertMatchesCentralDifferences(
                AT, GradientCheckTest::cubesWithAStopGradient));
    assertThrows(
        AssertionFailedError.class,
        () ->
            GradientCheck.assertMatchesReference(
                AT, GradientCheckTest::cubesWithAStopGradient, GradientCheckTest::cubesReference));
  }

  /** A reference of another formula fails even where the graph's own gradient is consistent. */
  @Test
  void aReferenceOfAnotherFormula_fails() {
    assertThrows(
        AssertionFailedError.class,
        () ->
            GradientCheck.assertMatchesReference(
                AT, GradientCheckTest::cubes, x -> 1.01 * cubesReference(x)));
  }
}
