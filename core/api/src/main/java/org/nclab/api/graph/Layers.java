package org.nclab.api.graph;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Layer building blocks on a {@link GraphContext}, NHWC throughout. Each layer is a scope named by
 * the caller, holding its variables ({@code kernel}, {@code bias}, {@code gamma}, {@code beta},
 * {@code moving_mean}, {@code moving_variance}).
 *
 * <p>Only ops whose gradients exist in TensorFlow Java 1.1.0 are used (conv, fused batch norm, max
 * pool, mean, matmul, bias add, relu).
 */
public final class Layers {
  /**
   * moving = 0.9 * moving + 0.1 * batch: PyTorch's default. Keras' 0.99 needs hundreds of steps
   * before the evaluation graph's statistics are usable, which short runs and probes don't have.
   */
  public static final float BATCH_NORM_MOMENTUM = 0.9f;

  /** PyTorch's default, so reference comparisons compute the same function. */
  public static final float BATCH_NORM_EPSILON = 1e-5f;

  private Layers() {}

  /** A fully connected layer: x [N, in] times kernel [in, units] plus bias. */
  public static Operand<TFloat32> dense(
      GraphContext ctx, String name, Operand<TFloat32> x, int units, boolean useBias) {
    GraphContext scope = ctx.scope(name);
    long in = lastDim(x, name);
    Operand<TFloat32> kernel =
        scope.variable(
            "kernel", Shape.of(in, units), Initializers.glorotUniform(), VariableKind.TRAINABLE);
    Operand<TFloat32> y = scope.tf().linalg.matMul(x, kernel);
    if (useBias) {
      Operand<TFloat32> bias =
          scope.variable("bias", Shape.of(units), Initializers.zeros(), VariableKind.TRAINABLE);
      y = scope.tf().nn.biasAdd(y, bias);
    }
    return y;
  }

  /** A 'SAME'-padded 2-D convolution with square kernels, He-initialised. */
  public static Operand<TFloat32> conv2d(
      GraphContext ctx,
      String name,
      Operand<TFloat32> x,
      int filters,
      int kernelSize,
      int stride,
      boolean useBias) {
    GraphContext scope = ctx.scope(name);
    long in = lastDim(x, name);
    Operand<TFloat32> kernel =
        scope.variable(
            "kernel",
            Shape.of(kernelSize, kernelSize, in, filters),
            Initializers.heNormal(),
            VariableKind.TRAINABLE);
    Operand<TFloat32> y =
        scope
            .tf()
            .nn
            .conv2d(x, kernel, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
    if (useBias) {
      Operand<TFloat32> bias =
          scope.variable("bias", Shape.of(filters), Initializers.zeros(), VariableKind.TRAINABLE);
      y = scope.tf().nn.biasAdd(y, bias);
    }
    return y;
  }

  /**
   * Batch normalisation over the last axis with TensorFlow's fused kernel. Training normalises with
   * batch statistics and registers moving-average updates; evaluation uses the moving averages.
   * Works on [N, C] (through a [N, 1, 1, C] view) and [N, H, W, C] inputs.
   */
  public static Operand<TFloat32> batchNorm(GraphContext ctx, String name, Operand<TFloat32> x) {
    GraphContext scope = ctx.scope(name);
    Ops tf = scope.tf();
    long channels = lastDim(x, name);
    Shape vector = Shape.of(channels);
    Operand<TFloat32> gamma =
        scope.variable("gamma", vector, Initializers.ones(), VariableKind.TRAINABLE);
    Operand<TFloat32> beta =
        scope.variable("beta", vector, Initializers.zeros(), VariableKind.TRAINABLE);
    Operand<TFloat32> movingMean =
        scope.variable("moving_mean", vector, Initializers.zeros(), VariableKind.STATE);
    Operand<TFloat32> movingVariance =
        scope.variable("moving_variance", vector, Initializers.ones(), VariableKind.STATE);

    boolean flat = x.shape().numDimensions() == 2;
    Operand<TFloat32> x4 = flat ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels})) : x;
    FusedBatchNorm<TFloat32, TFloat32> bn;
    if (scope.training() && scope.syncBatchNorm()) {
      Operand<TFloat32> y =
          syncBatchNorm(scope, x4, channels, gamma, beta, movingMean, movingVariance);
      return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
    } else if (scope.training()) {
      // In training mode the fused kernel wants empty mean/variance inputs.
      Operand<TFloat32> empty = tf.constant(new float[0]);
      bn =
          tf.nn.fusedBatchNorm(
              x4,
              gamma,
              beta,
              empty,
              empty,
              FusedBatchNorm.epsilon(BATCH_NORM_EPSILON),
              FusedBatchNorm.isTraining(true));
      scope.addStateUpdate("moving_mean", movingAverage(tf, movingMean, bn.batchMean()));
      scope.addStateUpdate(
          "moving_variance", movingAverage(tf, movingVariance, bn.batchVariance()));
    } else {
      bn =
          tf.nn.fusedBatchNorm(
              x4,
              gamma,
              beta,
              movingMean,
              movingVariance,
              FusedBatchNorm.epsilon(BATCH_NORM_EPSILON),
              FusedBatchNorm.isTraining(false));
    }
    Operand<TFloat32> y = bn.y();
    return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
  }

  /**
   * Batch norm with the statistics of every tower's rows: each tower's count, sum and sum of
   * squares per channel are added over the towers, so mean and (biased) variance are the whole
   * batch's and gradients flow through them to every tower. The moving variance takes the unbiased
   * variance, as the fused kernel's does.
   */
  private static Operand<TFloat32> syncBatchNorm(
      GraphContext scope,
      Operand<TFloat32> x4,
      long channels,
      Operand<TFloat32> gamma,
      Operand<TFloat32> beta,
      Operand<TFloat32> movingMean,
      Operand<TFloat32> movingVariance) {
    Ops tf = scope.tf();
    Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
    Operand<TFloat32> count =
        tf.stopGradient(
            tf.reshape(
                tf.dtypes.cast(
                    tf.prod(
                        tf.slice(
                            tf.shape(x4), tf.constant(new int[] {0}), tf.constant(new int[] {3})),
                        tf.constant(0)),
                    TFloat32.class),
                tf.constant(new long[] {1})));
    Operand<TFloat32> local =
        tf.concat(
            List.of(count, tf.sum(x4, axes), tf.sum(tf.math.square(x4), axes)), tf.constant(0));
    Operand<TFloat32> total = scope.sumOverReplicas(local);
    Operand<TFloat32> n = tf.slice(total, tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TFloat32> mean =
        tf.math.div(
            tf.slice(total, tf.constant(new int[] {1}), tf.constant(new int[] {(int) channels})),
            n);
    Operand<TFloat32> meanOfSquares =
        tf.math.div(
            tf.slice(
                total,
                tf.constant(new int[] {1 + (int) channels}),
                tf.constant(new int[] {(int) channels})),
            n);
    Operand<TFloat32> variance =
        tf.math.maximum(tf.math.sub(meanOfSquares, tf.math.square(mean)), tf.constant(0f));
    Operand<TFloat32> scale =
        tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(BATCH_NORM_EPSILON))), gamma);
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x4, mean), scale), beta);
    Operand<TFloat32> unbiased =
        tf.math.mul(
            variance,
            tf.math.div(n, tf.math.maximum(tf.math.sub(n, tf.constant(1f)), tf.constant(1f))));
    scope.addStateUpdate("moving_mean", movingAverage(tf, movingMean, mean));
    scope.addStateUpdate("moving_variance", movingAverage(tf, movingVariance, unbiased));
    return y;
  }

  private static Operand<TFloat32> movingAverage(
      Ops tf, Operand<TFloat32> moving, Operand<TFloat32> batch) {
    return tf.math.add(
        tf.math.mul(moving, tf.constant(BATCH_NORM_MOMENTUM)),
        tf.math.mul(batch, tf.constant(1f - BATCH_NORM_MOMENTUM)));
  }

  /** max(x, 0), element-wise; no variables. */
  public static Operand<TFloat32> relu(GraphContext ctx, Operand<TFloat32> x) {
    return ctx.tf().nn.relu(x);
  }

  /** Max pooling with a square window and the same stride ('VALID' padding). */
  public static Operand<TFloat32> maxPool(GraphContext ctx, Operand<TFloat32> x, int size) {
    Ops tf = ctx.tf();
    return tf.nn.maxPool(
        x,
        tf.constant(new int[] {1, size, size, 1}),
        tf.constant(new int[] {1, size, size, 1}),
        "VALID");
  }

  /** Mean over height and width: [N, H, W, C] to [N, C]. */
  public static Operand<TFloat32> globalAveragePool(GraphContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  /** [N, ...] to [N, product of the rest]. */
  public static Operand<TFloat32> flatten(GraphContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long features = 1;
    for (int i = 1; i < x.shape().numDimensions(); i++) {
      features *= x.shape().get(i);
    }
    return tf.reshape(x, tf.constant(new long[] {-1, features}));
  }

  private static long lastDim(Operand<TFloat32> x, String layer) {
    Shape shape = x.shape();
    long last = shape.numDimensions() < 1 ? -1 : shape.get(shape.numDimensions() - 1);
    if (last <= 0) {
      throw new IllegalArgumentException(
          "layer '" + layer + "' needs a known last dimension, got input shape " + shape);
    }
    return last;
  }
}
