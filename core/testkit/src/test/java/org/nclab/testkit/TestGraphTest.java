package org.nclab.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.VariableKind;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class TestGraphTest {

  @Test
  void variables_areScopedCreatedOnceAndInitialisedAtTheFirstFetch() {
    try (TestGraph g = new TestGraph()) {
      GraphContext head = g.context("reg_supcon", true).scope("head");
      Operand<TFloat32> first =
          head.variable(
              "w",
              Shape.of(2),
              (tf, shape, seed) -> tf.constant(new float[] {1, 2}),
              VariableKind.TRAINABLE);
      Operand<TFloat32> again =
          head.variable(
              "w",
              Shape.of(2),
              (tf, shape, seed) -> tf.constant(new float[] {9, 9}),
              VariableKind.TRAINABLE);
      assertSame(first, again);
      assertEquals(
          List.of("reg_supcon/head/w"), g.variables().stream().map(TestVariable::name).toList());
      assertArrayEquals(new float[] {1, 2}, g.values(first));
      assertThrows(
          IllegalStateException.class,
          () ->
              head.variable(
                  "w",
                  Shape.of(3),
                  (tf, shape, seed) -> tf.zeros(tf.constant(new long[] {3}), TFloat32.class),
                  VariableKind.TRAINABLE));
    }
  }

  @Test
  void stateUpdates_onlyForStateVariables_andOnlyWhenTraining() {
    try (TestGraph g = new TestGraph()) {
      GraphContext bn = g.context("bn", true);
      Operand<TFloat32> mean =
          bn.variable(
              "mean",
              Shape.of(1),
              (tf, shape, seed) -> tf.constant(new float[] {0}),
              VariableKind.STATE);
      bn.variable(
          "gamma",
          Shape.of(1),
          (tf, shape, seed) -> tf.constant(new float[] {1}),
          VariableKind.TRAINABLE);
      bn.addStateUpdate("mean", g.tf().constant(new float[] {5}));
      g.context("bn", false).addStateUpdate("mean", g.tf().constant(new float[] {7}));
      assertThrows(
          IllegalArgumentException.class,
          () -> bn.addStateUpdate("gamma", g.tf().constant(new float[] {3})));
      g.run(g.stateUpdates());
      assertArrayEquals(new float[] {5}, g.values(mean));
    }
  }

  @Test
  void seeds_dependOnTheScopedPurposeAndRepeat() {
    try (TestGraph a = new TestGraph();
        TestGraph b = new TestGraph()) {
      assertArrayEquals(a.context("x", true).seed("init"), b.context("x", true).seed("init"));
      assertNotEquals(a.context("x", true).seed("init")[1], a.context("y", true).seed("init")[1]);
    }
  }

  @Test
  void gradient_ofTheSumOfSquares_isTwiceTheInput() {
    try (TestGraph g = new TestGraph()) {
      Operand<TFloat32> x = g.constant(new double[][] {{1, -2}, {0.5, 3}});
      Operand<TFloat32> y = g.tf().sum(g.tf().math.square(x), g.tf().constant(new int[] {0, 1}));
      assertEquals(1 + 4 + 0.25 + 9, g.scalar(y), 1e-6);
      assertArrayEquals(new double[] {2, -4}, g.gradient(y, x)[0], 1e-6);
      assertArrayEquals(new double[] {1, 6}, g.gradient(y, x)[1], 1e-6);
    }
  }

  @Test
  void lossContext_handsOverTheChosenInputs() {
    try (TestGraph g = new TestGraph()) {
      TestLossContext ctx =
          g.lossContext(
              "reg_0",
              g.lossInputs(new double[][] {{1, 2}}, new double[][] {{0, 3, 1}}, new int[] {2}, 3));
      assertEquals(3, ctx.numClasses());
      assertEquals(1, ctx.views());
      assertArrayEquals(new float[] {0, 0, 1}, g.values(ctx.labels()));
      assertEquals("reg_0", ctx.scopeName());
    }
  }
}
