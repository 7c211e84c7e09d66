package org.nclab.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Checks TensorFlow's symbolic gradient of a scalar loss of one [rows, columns] input against
 * central differences, (f(x + h) − f(x − h)) / 2h entry by entry: the check that catches a
 * stop-gradient in the wrong place, a mask that leaks, or a 0/0 at a kink.
 *
 * <p>Two references: {@link #assertMatchesCentralDifferences} differentiates the graph itself
 * (float32, so a coarse step and a loose tolerance); {@link #assertMatchesReference} differentiates
 * a float64 function you wrote from the formula (a fine step, a tight tolerance), which also checks
 * the value's formula.
 */
public final class GradientCheck {
  /** Step of the float32 differences: large enough that rounding (~1e-7 |f| / h) stays small. */
  public static final double FLOAT32_STEP = 1e-2;

  /** Tolerance of the float32 check, relative to the largest gradient entry. */
  public static final double FLOAT32_TOLERANCE = 2e-3;

  /** Step of float64 references: accurate to ~1e-10 on smooth inputs. */
  public static final double FLOAT64_STEP = 1e-5;

  /** Tolerance against a float64 reference, relative to the largest entry: float32 graph passes. */
  public static final double FLOAT64_TOLERANCE = 1e-4;

  private GradientCheck() {}

  /** A scalar loss of one [rows, columns] input, as an op-building function. */
  @FunctionalInterface
  public interface GraphLoss {
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> input);
  }

  /**
   * Fails unless the symbolic gradient at {@code at} matches the graph's own central differences.
   */
  public static void assertMatchesCentralDifferences(double[][] at, GraphLoss loss) {
    assertClose(centralDifferences(at, loss, FLOAT32_STEP), symbolic(at, loss), FLOAT32_TOLERANCE);
  }

  /**
   * Fails unless the symbolic gradient at {@code at} matches the central differences of {@code
   * reference}, the same loss written in float64 Java.
   */
  public static void assertMatchesReference(
      double[][] at, GraphLoss loss, ToDoubleFunction<double[][]> reference) {
    assertClose(
        centralDifferences(at, reference, FLOAT64_STEP), symbolic(at, loss), FLOAT64_TOLERANCE);
  }

  /** The symbolic gradient of {@code loss} at {@code at}, evaluated. */
  public static double[][] symbolic(double[][] at, GraphLoss loss) {
    try (TestGraph graph = new TestGraph()) {
      Operand<TFloat32> input = graph.constant(at);
      return graph.gradient(loss.build(graph.tf(), input), input);
    }
  }

  /** The loss's value at {@code at}, evaluated in float32. */
  public static double value(double[][] at, GraphLoss loss) {
    try (TestGraph graph = new TestGraph()) {
      return graph.scalar(loss.build(graph.tf(), graph.constant(at)));
    }
  }

  /** Central differences of the graph's own value: one graph, each perturbation fed. */
  public static double[][] centralDifferences(double[][] at, GraphLoss loss, double step) {
    try (TestGraph graph = new TestGraph()) {
      Shape shape = Shape.of(at.length, at[0].length);
      Placeholder<TFloat32> input =
          graph.tf().placeholder(TFloat32.class, Placeholder.shape(shape));
      Operand<TFloat32> y = loss.build(graph.tf(), input);
      Session session = graph.session();
      return centralDifferences(at, x -> evaluate(session, input, y, x), step);
    }
  }

  /** Central differences of a float64 function. */
  public static double[][] centralDifferences(
      double[][] at, ToDoubleFunction<double[][]> f, double step) {
    double[][] gradient = new double[at.length][at[0].length];
    for (int i = 0; i < at.length; i++) {
      for (int j = 0; j < at[i].length; j++) {
        double[][] plus = Arrays2.copy(at);
        double[][] minus = Arrays2.copy(at);
        plus[i][j] += step;
        minus[i][j] -= step;
        gradient[i][j] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * step);
      }
    }
    return gradient;
  }

  /** Entry by entry, within {@code tolerance} times the largest entry of {@code expected}. */
  public static void assertClose(double[][] expected, double[][] actual, double tolerance) {
    double scale = Double.MIN_NORMAL;
    for (double[] row : expected) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual[i][j], tolerance * scale, "d/dx[" + i + "][" + j + "]");
      }
    }
  }

  private static double evaluate(
      Session session, Placeholder<TFloat32> input, Operand<TFloat32> y, double[][] x) {
    float[] flat = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        flat[i * x[0].length + j] = (float) x[i][j];
      }
    }
    try (TFloat32 fed = TFloat32.tensorOf(Shape.of(x.length, x[0].length), DataBuffers.of(flat));
        Result result = session.runner().feed(input, fed).fetch(y).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }
}
