package org.nclab.runtime.graph;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nclab.api.augment.AugmentContext;
import org.nclab.api.data.ImageShape;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the training-only augmentation of one view: the configured steps in order, each applied to
 * an example with its probability. Randomness comes from stateless ops seeded by (run seed, step
 * scope, view, purpose) and the fed training step, so a repeated or resumed run draws the same
 * numbers and every step draws new ones.
 */
final class AugmentationPipeline {
  private AugmentationPipeline() {}

  static Operand<TFloat32> apply(
      Ops tf,
      List<AugmentationStep> steps,
      ImageShape shape,
      Operand<TFloat32> images,
      int view,
      Operand<TInt64> trainingStep,
      long runSeed) {
    Operand<TFloat32> x = images;
    for (AugmentationStep step : steps) {
      Ops scoped = tf.withSubScope(step.scope());
      Context ctx =
          new Context(scoped, shape, trainingStep, runSeed + "/" + step.scope() + "/view" + view);
      Operand<TFloat32> augmented = step.augmentation().apply(step.options(), ctx, x);
      if (step.probability() < 1.0) {
        // Per example, keep the step's output with its probability, else the input (a select:
        // arithmetic blending would round the values it should copy).
        Operand<TInt32> batch =
            scoped.slice(
                scoped.shape(x), scoped.constant(new int[] {0}), scoped.constant(new int[] {1}));
        Operand<TInt32> maskShape =
            scoped.concat(List.of(batch, scoped.constant(new int[] {1, 1, 1})), scoped.constant(0));
        Operand<TFloat32> uniform =
            scoped.random.statelessRandomUniform(maskShape, ctx.seed("nclab.step-probability"));
        augmented =
            scoped.select(
                scoped.math.less(uniform, scoped.constant((float) step.probability())),
                augmented,
                x);
      }
      x = augmented;
    }
    return x;
  }

  private record Context(Ops tf, ImageShape shape, Operand<TInt64> trainingStep, String seedName)
      implements AugmentContext {

    @Override
    public Operand<TInt64> seed(String purpose) {
      long key =
          Hashing.murmur3_128()
              .hashString(seedName + "/" + purpose, StandardCharsets.UTF_8)
              .asLong();
      Operand<TInt64> keyOp = tf.reshape(tf.constant(key), tf.constant(new long[] {1}));
      Operand<TInt64> stepOp = tf.reshape(trainingStep, tf.constant(new long[] {1}));
      return tf.concat(List.of(keyOp, stepOp), tf.constant(0));
    }
  }
}
