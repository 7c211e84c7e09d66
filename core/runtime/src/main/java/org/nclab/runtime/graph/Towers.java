package org.nclab.runtime.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossTerm;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training pass as {@link Replication#replicas()} towers over one set of variables: the fed
 * batch is cut into consecutive shares ({@code floor(i n / N)} to {@code floor((i + 1) n / N)}),
 * tower {@code i} runs the whole model and every regularizer on its share on its own device, and
 * each loss term is the towers' terms weighted by their share of the rows. With equal shares that
 * is the plain average, and for a mean over examples it is exactly the whole batch's mean, so the
 * gradient of the objective is the towers' gradients averaged (in float32) and the optimizer
 * applies it once. Each tower's objective (its share times its weighted terms) is kept apart so
 * that its backward pass can be built on its own device ({@link TowerGradients}).
 *
 * @param pass what the trainer feeds and fetches: the batch's placeholders, and the towers' outputs
 *     joined row-wise (tower after tower)
 * @param terms each regularizer's term, averaged over the towers, by metric name
 * @param objective the weighted sum of {@code terms}, or null when no regularizer gave a term
 * @param towerObjectives tower {@code i}'s share of {@code objective}, built on its device: they
 *     sum to {@code objective} up to float rounding (empty when {@code objective} is null)
 * @param devices tower {@code i}'s device
 */
record Towers(
    ForwardPass pass,
    Map<String, Operand<TFloat32>> terms,
    Operand<TFloat32> objective,
    List<Operand<TFloat32>> towerObjectives,
    List<DeviceSpec> devices) {

  static Towers build(ScopedGraphContext trainRoot, ModelSpec spec, Operand<TInt64> step) {
    Replication replication = spec.replication();
    int n = replication.replicas();
    Ops tf = trainRoot.tf();
    var shape = spec.shape();
    Placeholder<TFloat32> images = ModelAssembly.imagesPlaceholder(tf, spec);
    Placeholder<TFloat32> labels = ModelAssembly.labelsPlaceholder(tf, spec);
    Operand<TInt32> rows =
        tf.slice(tf.shape(images), tf.constant(new int[] {0}), tf.constant(new int[] {1}));

    ForwardPass[] passes = new ForwardPass[n];
    List<Operand<TFloat32>> shares = new ArrayList<>();
    List<List<WeightedTerm>> towerTerms = new ArrayList<>();
    List<ScopedGraphContext> contexts = new ArrayList<>();
    List<Operand<TInt32>> begins = new ArrayList<>();
    List<Operand<TInt32>> sizes = new ArrayList<>();
    TowerRendezvous rendezvous = replication.syncBatchNorm() ? new TowerRendezvous(n) : null;
    for (int i = 0; i < n; i++) {
      Ops towerOps = tf.withSubScope("tower" + i).withDevice(replication.device(i));
      Operand<TInt32> begin = bound(towerOps, rows, i, n);
      Operand<TInt32> size = towerOps.math.sub(bound(towerOps, rows, i + 1, n), begin);
      begins.add(begin);
      sizes.add(size);
      shares.add(
          towerOps.reshape(
              towerOps.math.div(
                  towerOps.dtypes.cast(size, TFloat32.class),
                  towerOps.dtypes.cast(rows, TFloat32.class)),
              towerOps.constant(new long[0])));
      contexts.add(
          new ScopedGraphContext(
              trainRoot.store(),
              trainRoot.updates(),
              towerOps,
              "",
              true,
              spec.trainable(),
              rendezvous == null ? null : new ScopedGraphContext.Tower(i, rendezvous)));
      towerTerms.add(new ArrayList<>());
    }
    IntConsumer buildTower =
        i -> {
          ScopedGraphContext tower = contexts.get(i);
          Ops towerOps = tower.tf();
          Operand<TInt32> begin = begins.get(i);
          Operand<TInt32> size = sizes.get(i);
          // A slice of computed size has no static shape; the reshape gives layers theirs back.
          Operand<TFloat32> towerImages =
              towerOps.reshape(
                  towerOps.slice(
                      images,
                      join(towerOps, begin, new int[] {0, 0, 0}),
                      join(towerOps, size, new int[] {-1, -1, -1})),
                  towerOps.constant(
                      new long[] {-1, shape.height(), shape.width(), shape.channels()}));
          Operand<TFloat32> towerLabels =
              towerOps.reshape(
                  towerOps.slice(
                      labels,
                      join(towerOps, begin, new int[] {0}),
                      join(towerOps, size, new int[] {-1})),
                  towerOps.constant(new long[] {-1, spec.numClasses()}));
          ForwardPass pass =
              ModelAssembly.forwardOn(
                  tower, spec, step, images, labels, towerImages, towerLabels, i);
          passes[i] = pass;
          for (WeightedRegularizer use : spec.regularizers()) {
            TrainingLossContext ctx = new TrainingLossContext(tower, use.scope(), pass);
            for (LossTerm term : ModelAssembly.termsOf(use, ctx)) {
              towerTerms.get(i).add(new WeightedTerm(term.name(), term.value(), use.weight()));
            }
          }
        };
    if (rendezvous != null) {
      rendezvous.buildAll(buildTower); // towers in lockstep: each batch norm sums over all of them
    } else {
      for (int i = 0; i < n; i++) {
        buildTower.accept(i);
      }
    }

    Map<String, Operand<TFloat32>> terms = new LinkedHashMap<>();
    Operand<TFloat32> objective = null;
    List<WeightedTerm> first = towerTerms.get(0);
    for (int k = 0; k < first.size(); k++) {
      List<Operand<TFloat32>> values = new ArrayList<>();
      for (List<WeightedTerm> tower : towerTerms) {
        if (tower.size() != first.size()) {
          throw new IllegalStateException(
              "the towers' regularizers gave different numbers of loss terms");
        }
        values.add(tower.get(k).value());
      }
      Operand<TFloat32> averaged = weightedSum(tf, values, shares);
      terms.put(ModelAssembly.uniqueName(terms, "loss/" + first.get(k).name()), averaged);
      Operand<TFloat32> weighted =
          tf.math.mul(averaged, tf.constant((float) first.get(k).weight()));
      objective = objective == null ? weighted : tf.math.add(objective, weighted);
    }
    List<Operand<TFloat32>> towerObjectives = new ArrayList<>();
    List<DeviceSpec> devices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      devices.add(replication.device(i));
      Ops towerOps = contexts.get(i).tf();
      Operand<TFloat32> sum = null;
      for (WeightedTerm term : towerTerms.get(i)) {
        Operand<TFloat32> weighted =
            towerOps.math.mul(term.value(), towerOps.constant((float) term.weight()));
        sum = sum == null ? weighted : towerOps.math.add(sum, weighted);
      }
      if (sum != null) {
        towerObjectives.add(towerOps.math.mul(sum, shares.get(i)));
      }
    }
    return new Towers(
        joined(tf, images, labels, List.of(passes), shares),
        terms,
        objective,
        List.copyOf(towerObjectives),
        List.copyOf(devices));
  }

  private record WeightedTerm(String name, Operand<TFloat32> value, double weight) {}

  /** floor(rows * i / n) as a [1] vector: where share {@code i} starts. */
  private static Operand<TInt32> bound(Ops tf, Operand<TInt32> rows, int i, int n) {
    return tf.math.floorDiv(tf.math.mul(rows, tf.constant(i)), tf.constant(n));
  }

  private static Operand<TInt32> join(Ops tf, Operand<TInt32> first, int[] rest) {
    return tf.concat(List.of(first, tf.constant(rest)), tf.constant(0));
  }

  private static Operand<TFloat32> weightedSum(
      Ops tf, List<Operand<TFloat32>> values, List<Operand<TFloat32>> weights) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      parts.add(tf.math.mul(values.get(i), weights.get(i)));
    }
    return tf.math.addN(parts);
  }

  private static Operand<TFloat32> rowWise(Ops tf, List<Operand<TFloat32>> parts) {
    return tf.concat(parts, tf.constant(0));
  }

  /** The towers as one pass over the fed batch: outputs row-wise, tower after tower. */
  private static ForwardPass joined(
      Ops tf,
      Placeholder<TFloat32> images,
      Placeholder<TFloat32> labels,
      List<ForwardPass> passes,
      List<Operand<TFloat32>> shares) {
    ForwardPass first = passes.get(0);
    List<Tap> taps = new ArrayList<>();
    for (int t = 0; t < first.taps().size(); t++) {
      int index = t;
      taps.add(
          new Tap(
              first.taps().get(t).name(),
              rowWise(tf, passes.stream().map(p -> p.taps().get(index).output()).toList())));
    }
    Map<String, Operand<TFloat32>> probeTaps = new LinkedHashMap<>();
    for (String name : first.probeTaps().keySet()) {
      probeTaps.put(name, rowWise(tf, passes.stream().map(p -> p.probeTaps().get(name)).toList()));
    }
    List<Operand<TInt32>> predictions = passes.stream().map(ForwardPass::predictions).toList();
    return new ForwardPass(
        images,
        labels,
        rowWise(tf, passes.stream().map(ForwardPass::targets).toList()),
        rowWise(tf, passes.stream().map(ForwardPass::modelInput).toList()),
        first.views(),
        rowWise(tf, passes.stream().map(ForwardPass::features).toList()),
        taps,
        rowWise(tf, passes.stream().map(ForwardPass::logits).toList()),
        weightedSum(tf, passes.stream().map(ForwardPass::meanLoss).toList(), shares),
        tf.math.addN(passes.stream().map(ForwardPass::correct).toList()),
        tf.concat(predictions, tf.constant(0)),
        probeTaps,
        first.numClasses());
  }
}
