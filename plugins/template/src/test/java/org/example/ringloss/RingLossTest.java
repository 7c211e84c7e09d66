package org.example.ringloss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The math alone, against hand computations: no nclab needed, only TensorFlow. */
class RingLossTest {

  @Test
  void penalty_isTheMeanSquaredGapBetweenNormAndRadius() {
    // Norms 5 and 0: ((5 - 1)² + (0 - 1)²) / 2 = 8.5.
    assertEquals(8.5f, penalty(new float[][] {{3, 4}, {0, 0}}, 1f), 1e-5f);
  }

  @Test
  void penalty_isZeroForFeaturesOnTheRing() {
    assertEquals(0f, penalty(new float[][] {{0, 2}, {-2, 0}, {1.2f, 1.6f}}, 2f), 1e-6f);
  }

  @Test
  void gradient_isTheClosedFormAndZeroForAZeroVector() {
    // d/df of (1/N) Σ (‖f‖ − R)² is (2/N) (‖f‖ − R) f / ‖f‖: for f = (3, 4), R = 1, N = 2 that is
    // 4 (3, 4) / 5 = (2.4, 3.2). For f = 0 it is 0/0 without RingLoss.EPSILON, and 0 with it.
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> features = tf.constant(new float[][] {{3, 4}, {0, 0}});
      Operand<TFloat32> loss = RingLoss.penalty(tf, features, 1f);
      Output<?>[] gradient = graph.addGradients(loss.asOutput(), new Output<?>[] {features.asOutput()});
      try (Result result = session.runner().fetch(gradient[0]).run()) {
        TFloat32 g = (TFloat32) result.get(0);
        assertEquals(2.4f, g.getFloat(0, 0), 1e-5f);
        assertEquals(3.2f, g.getFloat(0, 1), 1e-5f);
        assertEquals(0f, g.getFloat(1, 0), 1e-6f); // within a delta, -0.0 counts as 0
        assertEquals(0f, g.getFloat(1, 1), 1e-6f);
      }
    }
  }

  private static float penalty(float[][] features, float radius) {
    try (FakeLossContext ctx = new FakeLossContext(features)) {
      return ctx.evaluate(RingLoss.penalty(ctx.tf(), ctx.features(), radius));
    }
  }
}
