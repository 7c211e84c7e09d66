package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nclab.api.data.Split;
import org.nclab.api.graph.Layers;
import org.nclab.api.model.BackboneOutput;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossTerm;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.graph.ModelVariable;
import org.nclab.runtime.graph.ScopedGraphContext;
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
 * nt-xent trains a real backbone on two views. The runtime this plugin is built against does not
 * make views yet, so this test lays the batch out as {@link
 * org.nclab.api.train.LossContext#views()} promises (view 0 of B examples, then view 1 of the same
 * B) with views made here (independent noise per view), and applies plain gradient descent to the
 * variables the loss reaches: the CNN and the head. The classifier is built but, as nt-xent ignores
 * labels, left out of the update.
 */
class NtXentTwoViewTrainingTest {
  private static final int EXAMPLES = 16;
  private static final int STEPS = 20;
  private static final float LEARNING_RATE = 0.1f;

  @Test
  void lossFallsOnTwoNoisyViewsOfTheSameExamples() {
    Split train = WaveImages.dataset(4, EXAMPLES, 4, 5).split("train");
    List<Double> losses = new ArrayList<>();
    try (GraphHarness h = new GraphHarness()) {
      Ops tf = h.tf;
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 12, 12, 1)));
      var modelUpdates = new ScopedGraphContext.StateUpdates();
      var model = new ScopedGraphContext(h.store, modelUpdates, tf, "", true);
      var cnn = new CnnBackbone();
      BackboneOutput backbone =
          cnn.build(
              Options.withDefaults(
                  "model",
                  cnn.options(),
                  Map.of("widths", List.of(8L, 16L), "pool_after", List.of(1L, 2L))),
              model.scope("backbone"),
              images,
              WaveImages.SHAPE);
      Operand<TFloat32> logits = Layers.dense(model, "classifier", backbone.features(), 4, true);
      // Labels are never read by nt-xent; zeros make sure of it.
      Operand<TFloat32> noLabels = tf.zerosLike(logits);
      var inputs =
          new TestLossContext.Inputs(backbone.features(), logits, noLabels, 4, backbone.taps(), 2);
      var ntXent = new NtXentRegularizer();
      TestLossContext ctx = h.context(ntXent, inputs);
      List<LossTerm> terms =
          GraphHarness.terms(ntXent, Map.of("head_width", 32, "head_dim", 16), ctx);
      Operand<TFloat32> loss = terms.get(0).value();

      List<Op> step = new ArrayList<>(modelUpdates.assign(tf, org.nclab.runtime.optim.UpdateGuard.none()));
      step.addAll(ctx.stateUpdates());
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
  private static Op gradientDescent(GraphHarness h, Operand<TFloat32> loss) {
    List<ModelVariable> trained =
        h.store.all().stream()
            .filter(ModelVariable::trainable)
            .filter(v -> !v.name().startsWith("classifier/"))
            .toList();
    Output<?>[] gradients =
        h.graph.addGradients(
            "gradients",
            new Output<?>[] {loss.asOutput()},
            trained.stream().map(v -> v.read().asOutput()).toArray(Output<?>[]::new),
            null);
    Ops afterGradients =
        h.tf.withControlDependencyOps(java.util.Arrays.stream(gradients).map(Output::op).toList());
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < trained.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[i];
      updates.add(
          afterGradients.assignSub(
              trained.get(i).variable(),
              afterGradients.math.mul(gradient, afterGradients.constant(LEARNING_RATE))));
    }
    return h.tf.withControlDependencies(updates).noOp();
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
