package org.nclab.runtime.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.graph.Layers;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.train.Batch;
import org.nclab.runtime.train.BatchPrefetcher;
import org.nclab.runtime.train.EpochOrder;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Recomputes batch norm's moving mean and variance exactly ({@code [transfer] batch_norm =
 * "recompute"}): the population mean and (biased) variance of each layer's input over a whole
 * split, in the evaluation pass, with the weights as they are. A layer's input depends on the
 * statistics of the layers before it, so the layers are done in waves: a wave holds the layers
 * whose upstream layers are all done, and costs one evaluation pass over the split.
 *
 * <p>The per-channel sums are taken in float64 inside the graph and added up over batches in Java,
 * so the result does not depend on the batch size beyond float64 rounding.
 */
final class MovingStatistics {
  /** Scope of the ops this class adds to the graph. */
  private static final String SCOPE = "recompute_statistics";

  private static final String FUSED_BATCH_NORM = "FusedBatchNormV3";

  /**
   * One batch norm of the evaluation pass: its statistics variables, the sums over its input's
   * rows, height and width, and its wave (0: no recomputed layer upstream).
   */
  private record Layer(
      ModelVariable mean,
      ModelVariable variance,
      Operand<TFloat64> count,
      Operand<TFloat64> sum,
      Operand<TFloat64> sumOfSquares,
      int wave) {}

  /**
   * A layer's recomputed statistics and the moving ones they replaced.
   *
   * @param layer the batch norm's scope, e.g. {@code backbone/block1/bn}
   */
  record Recomputed(
      String layer, double[] mean, double[] variance, float[] oldMean, float[] oldVariance) {

    /** The largest |old mean - new mean| of a channel, in the channel's new standard deviations. */
    double meanShift() {
      double worst = 0;
      for (int c = 0; c < mean.length; c++) {
        worst =
            Math.max(
                worst,
                Math.abs(oldMean[c] - mean[c])
                    / Math.sqrt(variance[c] + Layers.BATCH_NORM_EPSILON));
      }
      return worst;
    }

    /** The largest factor between a channel's old and new variance, either way round. */
    double varianceFactor() {
      double worst = 1;
      for (int c = 0; c < mean.length; c++) {
        double ratio =
            (oldVariance[c] + Layers.BATCH_NORM_EPSILON)
                / (variance[c] + Layers.BATCH_NORM_EPSILON);
        worst = Math.max(worst, Math.max(ratio, 1 / ratio));
      }
      return worst;
    }
  }

  private final TrainingGraph model;
  private final List<Layer> layers;

  private MovingStatistics(TrainingGraph model, List<Layer> layers) {
    this.model = model;
    this.layers = layers;
  }

  /**
   * Finds the evaluation pass's batch norms whose {@code moving_mean} satisfies {@code chosen} and
   * adds the ops that sum their inputs. Call before the session opens.
   */
  static MovingStatistics build(Graph graph, TrainingGraph model, Predicate<String> chosen) {
    Map<String, ModelVariable> byName = new LinkedHashMap<>();
    model.variables().forEach(v -> byName.put(v.name(), v));
    Set<GraphOperation> evaluation = graph.subgraphTo(Set.of(model.eval().logits()));
    Ops tf = Ops.create(graph).withSubScope(SCOPE);
    List<GraphOperation> norms = new ArrayList<>();
    List<ModelVariable[]> statistics = new ArrayList<>();
    for (ModelVariable mean : model.variables()) {
      if (!mean.name().endsWith("/moving_mean") || !chosen.test(mean.name())) {
        continue;
      }
      String prefix = mean.name().substring(0, mean.name().length() - "moving_mean".length());
      ModelVariable variance = byName.get(prefix + "moving_variance");
      GraphOperation read = (GraphOperation) mean.read().op();
      for (GraphOperation consumer : read.consumers()) {
        if (consumer.type().equals(FUSED_BATCH_NORM) && evaluation.contains(consumer)) {
          norms.add(consumer);
          statistics.add(new ModelVariable[] {mean, variance});
        }
      }
    }
    // upstream.get(i): the chosen layers whose output layer i's input depends on.
    List<List<Integer>> upstream = new ArrayList<>();
    for (GraphOperation norm : norms) {
      Set<GraphOperation> before = graph.subgraphTo(Set.of(norm.input(0)));
      List<Integer> depends = new ArrayList<>();
      for (int j = 0; j < norms.size(); j++) {
        if (before.contains(norms.get(j))) {
          depends.add(j);
        }
      }
      upstream.add(depends);
    }
    int[] waves = new int[norms.size()];
    for (int round = 0; round < norms.size(); round++) { // longest path: at most n relaxations
      for (int i = 0; i < norms.size(); i++) {
        for (int j : upstream.get(i)) {
          waves[i] = Math.max(waves[i], waves[j] + 1);
        }
      }
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < norms.size(); i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> x = (Output<TFloat32>) norms.get(i).input(0);
      Ops at = tf.withSubScope("layer" + i);
      Operand<TFloat64> x64 = at.dtypes.cast(x, TFloat64.class);
      Operand<TInt32> axes = at.constant(new int[] {0, 1, 2});
      Operand<TFloat64> count =
          at.dtypes.cast(
              at.prod(
                  at.slice(at.shape(x), at.constant(new int[] {0}), at.constant(new int[] {3})),
                  at.constant(0)),
              TFloat64.class);
      layers.add(
          new Layer(
              statistics.get(i)[0],
              statistics.get(i)[1],
              count,
              at.sum(x64, axes),
              at.sum(at.math.square(x64), axes),
              waves[i]));
    }
    return new MovingStatistics(model, List.copyOf(layers));
  }

  /** The variables {@link #recompute} sets, for the {@link VariableSetter} built with the graph. */
  Set<String> variableNames() {
    Set<String> names = new HashSet<>();
    for (Layer layer : layers) {
      names.add(layer.mean().name());
      names.add(layer.variance().name());
    }
    return names;
  }

  /**
   * Sets every chosen layer's moving mean and variance to its input's mean and variance over {@code
   * split} in the evaluation pass, wave by wave.
   *
   * @return the new statistics with the old means, in layer order
   */
  List<Recomputed> recompute(
      Session session,
      VariableSetter setter,
      Split split,
      ImageShape shape,
      int numClasses,
      int batchSize) {
    List<Recomputed> out = new ArrayList<>();
    int waves = layers.stream().mapToInt(Layer::wave).max().orElse(-1) + 1;
    for (int wave = 0; wave < waves; wave++) {
      int current = wave;
      List<Layer> these = layers.stream().filter(l -> l.wave() == current).toList();
      double[] counts = new double[these.size()];
      List<double[]> sums = new ArrayList<>();
      List<double[]> squares = new ArrayList<>();
      for (Layer layer : these) {
        sums.add(new double[(int) layer.mean().size()]);
        squares.add(new double[(int) layer.mean().size()]);
      }
      try (BatchPrefetcher batches =
          new BatchPrefetcher(
              split,
              shape,
              numClasses,
              EpochOrder.sequential(split.size()),
              batchSize,
              "batch-norm-statistics")) {
        while (batches.hasNext()) {
          try (Batch batch = batches.next()) {
            Session.Runner runner = session.runner().feed(model.eval().images(), batch.images());
            for (Layer layer : these) {
              runner.fetch(layer.count()).fetch(layer.sum()).fetch(layer.sumOfSquares());
            }
            try (Result result = runner.run()) {
              for (int i = 0; i < these.size(); i++) {
                counts[i] += ((TFloat64) result.get(3 * i)).getDouble();
                add(sums.get(i), (TFloat64) result.get(3 * i + 1));
                add(squares.get(i), (TFloat64) result.get(3 * i + 2));
              }
            }
          }
        }
      }
      for (int i = 0; i < these.size(); i++) {
        Layer layer = these.get(i);
        double[] mean = new double[sums.get(i).length];
        double[] variance = new double[mean.length];
        float[] meanValues = new float[mean.length];
        float[] varianceValues = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
          mean[c] = sums.get(i)[c] / counts[i];
          variance[c] = Math.max(0, squares.get(i)[c] / counts[i] - mean[c] * mean[c]);
          meanValues[c] = (float) mean[c];
          varianceValues[c] = (float) variance[c];
        }
        float[] oldMean = read(session, layer.mean());
        float[] oldVariance = read(session, layer.variance());
        setter.set(session, layer.mean().name(), meanValues);
        setter.set(session, layer.variance().name(), varianceValues);
        String name = layer.mean().name();
        out.add(
            new Recomputed(
                name.substring(0, name.length() - "/moving_mean".length()),
                mean,
                variance,
                oldMean,
                oldVariance));
      }
    }
    return out;
  }

  /** How many batch norms {@link #recompute} covers. */
  int size() {
    return layers.size();
  }

  private static void add(double[] into, TFloat64 values) {
    for (int c = 0; c < into.length; c++) {
      into[c] += values.getDouble(c);
    }
  }

  private static float[] read(Session session, ModelVariable variable) {
    try (Result result = session.runner().fetch(variable.read()).run()) {
      float[] values = new float[(int) variable.size()];
      ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(values);
      return values;
    }
  }
}
