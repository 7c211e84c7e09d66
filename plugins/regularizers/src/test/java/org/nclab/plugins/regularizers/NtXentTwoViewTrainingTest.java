package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nclab.api.data.Split;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossTerm;
import org.nclab.testkit.LossInputs;
import org.nclab.testkit.TestGraph;
import org.nclab.testkit.TestLossContext;
import org.nclab.testkit.TestVariable;
import org.nclab.testkit.WaveImages;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * nt-xent trains a real (small) CNN on two views, built with nclab-api's layers in the test kit's
 * graph: the batch is laid out as {@code LossContext.views()} promises (view 0 of B examples, then
 * view 1 of the same B, with independent noise per view), and plain gradient descent moves the
 * variables the loss reaches: the CNN and the head. The classifier is built but, as nt-xent ignores
 * labels, left out of the update. (Training through nclab's own assembly and trainer is the
 * runtime's test to make.)
 */
class NtXentTwoViewTrainingTest {
  private static final int EXAMPLES = 16;
  private static final int STEPS = 20;
  private static final float LEARNING_RATE = 0.1f;

  @Test
  void lossFallsOnTwoNoisyViewsOfTheSameExamples() {
    Split train = WaveImages.dataset(4, EXAMPLES, 4, 5).split("train");
    List<Double> losses = new ArrayList<>();
    try (TestGraph h = new TestGraph()) {
      Ops tf = h.tf();
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 12, 12, 1)));
      GraphContext model = h.context("", true);
      BackboneOutput backbone = smallCnn(model.scope("backbone"), images);
      Operand<TFloat32> logits = Layers.dense(model, "classifier", backbone.features(), 4, true);
      // Labels are never read by nt-xent; zeros make sure of it.
      Operand<TFloat32> noLabels = tf.zerosLike(logits);
      var inputs = new LossInputs(backbone.features(), logits, noLabels, 4, backbone.taps(), 2);
      var ntXent = new NtXentRegularizer();
      TestLossContext ctx = TinyBatch.context(h, ntXent, inputs);
      List<LossTerm> terms = TinyBatch.terms(ntXent, Map.of("head_width", 32, "head_dim", 16), ctx);
      Operand<TFloat32> loss = terms.get(0).value();

      List<Op> step = new ArrayList<>(h.stateUpdates());
      step.add(gradientDescent(h, loss));
      Op trainStep = tf.withControlDependencies(step).noOp();

      Random noise = new Random(17);
      for (int i = 0; i < STEPS; i++) {
        try (TFloat32 batch = twoViews(train, noise);
            Result result =
                h.session().runner().feed(images, batch).addTarget(trainStep).fetch(loss).run()) {
          losses.add((double) ((TFloat32) result.get(0)).getFloat());
        }
      }
    }
    losses.forEach(v -> assertTrue(Double.isFinite(v), losses::toString));
    double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
    double last = (losses.get(STEPS - 1) + losses.get(STEPS - 2) + losses.get(STEPS - 3)) / 3;
    assertTrue(last < first, () -> "nt-xent did not fall: " + losses);
  }

  /**
   * One op that moves every variable the loss reaches against its gradient, after all gradients are
   * computed (as the runtime's optimizer does: an update must not overwrite a weight the backward
   * pass still reads).
   */
  private static Op gradientDescent(TestGraph h, Operand<TFloat32> loss) {
    List<TestVariable> trained =
        h.variables().stream()
            .filter(TestVariable::trainable)
            .filter(v -> !v.name().startsWith("classifier/"))
            .toList();
    Output<?>[] gradients =
        h.graph()
            .addGradients(
                "gradients",
                new Output<?>[] {loss.asOutput()},
                trained.stream().map(v -> v.read().asOutput()).toArray(Output<?>[]::new),
                null);
    Ops afterGradients =
        h.tf().withControlDependencyOps(Arrays.stream(gradients).map(Output::op).toList());
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < trained.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[i];
      updates.add(
          afterGradients.assignSub(
              trained.get(i).variable(),
              afterGradients.math.mul(gradient, afterGradients.constant(LEARNING_RATE))));
    }
    return h.tf().withControlDependencies(updates).noOp();
  }

  /** Two conv, batch-norm, ReLU and max-pool blocks, globally average-pooled: [N, 16] features. */
  private static BackboneOutput smallCnn(GraphContext ctx, Operand<TFloat32> images) {
    List<Tap> taps = new ArrayList<>();
    Operand<TFloat32> x = images;
    int[] widths = {8, 16};
    for (int block = 0; block < widths.length; block++) {
      GraphContext scope = ctx.scope("block" + (block + 1));
      x = Layers.conv2d(scope, "conv", x, widths[block], 3, 1, false);
      x = Layers.relu(scope, Layers.batchNorm(scope, "bn", x));
      x = Layers.maxPool(scope, x, 2);
      taps.add(new Tap("block" + (block + 1), x));
    }
    return new BackboneOutput(Layers.globalAveragePool(ctx, x), taps);
  }

  /**
   * The split's examples twice, each copy with its own noise: [2·B, 12, 12, 1], view after view.
   */
  private static TFloat32 twoViews(Split split, Random noise) {
    int pixels = WaveImages.SHAPE.size();
    float[] images = new float[2 * EXAMPLES * pixels];
    for (int view = 0; view < 2; view++) {
      for (int n = 0; n < EXAMPLES; n++) {
        int offset = (view * EXAMPLES + n) * pixels;
        split.copyImage(n, images, offset);
        for (int p = 0; p < pixels; p++) {
          images[offset + p] += 0.2f * (float) noise.nextGaussian();
        }
      }
    }
    return TFloat32.tensorOf(Shape.of(2L * EXAMPLES, 12, 12, 1), DataBuffers.of(images));
  }
}
