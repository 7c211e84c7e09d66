package org.nclab.runtime.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.augment.Augmentation;
import org.nclab.api.data.ImageShape;
import org.nclab.api.graph.ProjectionHead;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossContext;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.nclab.runtime.optim.SgdOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class AugmentationAndHeadTest {
  private static final ImageShape SHAPE = new ImageShape(8, 8, 1);
  private static final int BATCH = 4;

  /** Adds seeded Gaussian noise: enough to see seeding, views and steps. */
  static final class Noise implements Augmentation {
    @Override
    public String id() {
      return "noise";
    }

    @Override
    public String summary() {
      return "test noise";
    }

    @Override
    public Operand<TFloat32> apply(Options options, AugmentContext ctx, Operand<TFloat32> images) {
      var tf = ctx.tf();
      return tf.math.add(
          images, tf.random.statelessRandomNormal(tf.shape(images), ctx.seed("noise")));
    }
  }

  /** Records how many views the loss context reports, through the term's value. */
  static final class ViewCount implements Regularizer {
    @Override
    public String id() {
      return "view-count";
    }

    @Override
    public String summary() {
      return "test";
    }

    @Override
    public List<LossTerm> terms(Options options, LossContext ctx) {
      var tf = ctx.tf();
      // rows of the labels / batch size of the fed images = views; times zero keeps the loss intact
      Operand<TFloat32> rows = tf.dtypes.cast(tf.shape(ctx.labels()), TFloat32.class);
      return List.of(
          new LossTerm(
              "rows",
              tf.math.mul(
                  tf.reshape(
                      tf.slice(rows, tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                      tf.constant(new long[0])),
                  tf.constant(0f))),
          new LossTerm(
              "rows_plain",
              tf.reshape(
                  tf.slice(rows, tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                  tf.constant(new long[0]))));
    }
  }

  @Test
  void viewsAreSeededByStepAndDifferAcrossViewsAndSteps() {
    ModelSpec spec =
        spec(
            2,
            List.of(new AugmentationStep("augmentation0_noise", new Noise(), opts(), 1.0)),
            null,
            false,
            List.of(ce(), new WeightedRegularizer("vc", new ViewCount(), opts(), 1.0)));
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, spec);
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        float[] a = input(s, tg, 3);
        float[] b = input(s, tg, 3);
        float[] c = input(s, tg, 4);
        assertEquals(2 * BATCH * SHAPE.size(), a.length, "two views of the batch");
        assertArrayEquals(a, b, "same step, same views");
        assertFalse(Arrays.equals(a, c), "another step, other views");
        float[] view0 = Arrays.copyOfRange(a, 0, BATCH * SHAPE.size());
        float[] view1 = Arrays.copyOfRange(a, BATCH * SHAPE.size(), a.length);
        assertFalse(Arrays.equals(view0, view1), "the two views differ");
        assertEquals(
            2 * BATCH,
            fetchScalar(s, tg, tg.lossTerms().get("loss/rows_plain")),
            "labels repeat per view");
      }
    }
  }

  @Test
  void probabilityZeroLeavesImagesUnchanged() {
    ModelSpec spec =
        spec(
            1,
            List.of(new AugmentationStep("augmentation0_noise", new Noise(), opts(), 0.0)),
            null,
            false,
            List.of(ce()));
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, spec);
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        assertArrayEquals(images(), input(s, tg, 1));
      }
    }
  }

  @Test
  void aDetachedClassifierKeepsLabelGradientsOutOfTheBackbone() {
    ModelSpec spec =
        spec(1, List.of(), new ProjectionHead(2, 16, 8, true, "relu"), true, List.of(ce()));
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, spec);
      assertTrue(tg.eval().probeTaps().containsKey(ForwardPass.HEAD));
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        Map<String, float[]> before = TrainingGraphs.snapshot(s, tg);
        step(s, tg, 0);
        Map<String, float[]> after = TrainingGraphs.snapshot(s, tg);
        for (String name : before.keySet()) {
          boolean changed = !Arrays.equals(before.get(name), after.get(name));
          if (name.startsWith("classifier/")) {
            assertTrue(changed, name + " should train");
          } else if (name.startsWith("backbone/") && name.endsWith("kernel")
              || name.startsWith("head/") && name.endsWith("kernel")) {
            assertFalse(changed, name + " must not see label gradients");
          }
        }
      }
    }
  }

  private static WeightedRegularizer ce() {
    return new WeightedRegularizer("ce", new CrossEntropyRegularizer(), opts(), 1.0);
  }

  private static Options opts() {
    return new Options("t", Map.of());
  }

  private static ModelSpec spec(
      int views,
      List<AugmentationStep> steps,
      ProjectionHead head,
      boolean detached,
      List<WeightedRegularizer> regs) {
    var cnn = new CnnBackbone();
    return new ModelSpec(
        SHAPE,
        3,
        cnn,
        Options.withDefaults(
            "model", cnn.options(), Map.of("widths", List.of(4L), "pool_after", List.of(1L))),
        head,
        steps,
        views,
        detached,
        regs,
        new SgdOptimizer(0.9, false, 0),
        5);
  }

  private static float[] images() {
    float[] x = new float[BATCH * SHAPE.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) / 7f;
    }
    return x;
  }

  private static float[] labels() {
    float[] y = new float[BATCH * 3];
    for (int i = 0; i < BATCH; i++) {
      y[i * 3 + i % 3] = 1;
    }
    return y;
  }

  private static float[] input(Session s, TrainingGraph tg, long step) {
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(BATCH, 8, 8, 1), DataBuffers.of(images()));
        TInt64 st = TInt64.scalarOf(step);
        var r =
            s.runner()
                .feed(tg.train().images(), x)
                .feed(tg.step(), st)
                .fetch(tg.train().modelInput())
                .run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  private static float fetchScalar(Session s, TrainingGraph tg, Operand<TFloat32> value) {
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(BATCH, 8, 8, 1), DataBuffers.of(images()));
        TFloat32 y = TFloat32.tensorOf(Shape.of(BATCH, 3), DataBuffers.of(labels()));
        TInt64 st = TInt64.scalarOf(0);
        var r =
            s.runner()
                .feed(tg.train().images(), x)
                .feed(tg.train().labels(), y)
                .feed(tg.step(), st)
                .fetch(value)
                .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static void step(Session s, TrainingGraph tg, long step) {
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(BATCH, 8, 8, 1), DataBuffers.of(images()));
        TFloat32 y = TFloat32.tensorOf(Shape.of(BATCH, 3), DataBuffers.of(labels()));
        TFloat32 lr = TFloat32.scalarOf(0.1f);
        TInt64 st = TInt64.scalarOf(step)) {
      s.runner()
          .feed(tg.train().images(), x)
          .feed(tg.train().labels(), y)
          .feed(tg.learningRate(), lr)
          .feed(tg.step(), st)
          .addTarget(tg.trainStep())
          .run()
          .close();
    }
  }
}
