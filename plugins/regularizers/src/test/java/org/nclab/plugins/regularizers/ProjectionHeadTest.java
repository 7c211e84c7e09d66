package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.Options;
import org.nclab.testkit.Extensions;
import org.nclab.testkit.TestGraph;
import org.nclab.testkit.TestLossContext;
import org.nclab.testkit.TestVariable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class ProjectionHeadTest {
  private final TinyBatch batch = TinyBatch.fixed();

  @Test
  void depthZero_isTheFeaturesThemselves_withNoVariables() {
    try (TestGraph h = new TestGraph()) {
      TestLossContext ctx = TinyBatch.context(h, new SupConRegularizer(), batch.inputs(h, 1));
      Operand<TFloat32> z = ProjectionHead.onFeatures(headOptions(Map.of("head_depth", 0)), ctx);
      assertArrayEquals(h.values(ctx.features()), h.values(z));
      assertEquals(List.of(), h.variables());
    }
  }

  @Test
  void depthTwo_withoutBatchNorm_isDenseReluDense() {
    for (String activation : List.of("relu", "none")) {
      try (TestGraph h = new TestGraph()) {
        TestLossContext ctx = TinyBatch.context(h, new SupConRegularizer(), batch.inputs(h, 1));
        Options options =
            headOptions(
                Map.of(
                    "head_depth", 2,
                    "head_width", 5,
                    "head_dim", 3,
                    "head_batch_norm", false,
                    "head_activation", activation));
        Operand<TFloat32> z = ProjectionHead.onFeatures(options, ctx);

        String head = "reg_supcon/head/";
        assertEquals(
            List.of(
                head + "layer1/dense/kernel",
                head + "layer1/dense/bias",
                head + "layer2/dense/kernel",
                head + "layer2/dense/bias"),
            h.variables().stream().map(TestVariable::name).toList());
        double[][] hidden =
            Float64Reference.dense(
                batch.features(),
                h.matrix(read(h, head + "layer1/dense/kernel")),
                h.vector(read(h, head + "layer1/dense/bias")),
                activation.equals("relu"));
        double[][] expected =
            Float64Reference.dense(
                hidden,
                h.matrix(read(h, head + "layer2/dense/kernel")),
                h.vector(read(h, head + "layer2/dense/bias")),
                false);
        double[][] actual = h.matrix(z);
        for (int i = 0; i < expected.length; i++) {
          assertArrayEquals(expected[i], actual[i], 1e-5, activation + " row " + i);
        }
      }
    }
  }

  @Test
  void batchNorm_replacesTheHiddenBias_andRegistersItsStatisticsUpdates() {
    try (TestGraph h = new TestGraph()) {
      TestLossContext ctx = TinyBatch.context(h, new SupConRegularizer(), batch.inputs(h, 1));
      Options options = headOptions(Map.of("head_depth", 3, "head_width", 8, "head_dim", 2));
      Operand<TFloat32> z = ProjectionHead.onFeatures(options, ctx);

      assertEquals(Shape.of(6, 2), z.shape());
      List<String> names = h.variables().stream().map(TestVariable::name).toList();
      for (int layer = 1; layer <= 2; layer++) {
        String hidden = "reg_supcon/head/layer" + layer + "/";
        assertTrue(names.contains(hidden + "bn/gamma"), names::toString);
        assertTrue(names.contains(hidden + "bn/moving_mean"), names::toString);
        assertTrue(!names.contains(hidden + "dense/bias"), names::toString);
      }
      assertEquals(4, h.stateUpdates().size(), "moving mean and variance of two layers");
      // The output carries a name a graph dump can find.
      assertNotNull(h.graph().operation("reg_supcon/head/" + ProjectionHead.OUTPUT_NAME));
      assertEquals(6 * 2, h.values(z).length);
    }
  }

  private static Options headOptions(Map<String, ?> given) {
    return Extensions.options(new SupConRegularizer(), given);
  }

  private static Operand<TFloat32> read(TestGraph h, String variable) {
    return h.variable(variable).read();
  }
}
