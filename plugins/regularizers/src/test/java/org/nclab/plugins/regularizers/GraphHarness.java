package org.nclab.plugins.regularizers;

import java.util.List;
import java.util.Map;
import org.nclab.api.model.Tap;
import org.nclab.api.options.Options;
import org.nclab.api.train.LossTerm;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.graph.VariableStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One graph with the runtime's variable store, and a session opened (and variables initialised) on
 * the first fetch: build everything, then fetch. Closes both.
 */
final class GraphHarness implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final VariableStore store = new VariableStore(graph, 42);
  private Session session;

  Operand<TFloat32> constant(double[][] x) {
    return tf.constant(TinyBatch.toFloat(x));
  }

  /** The batch's features, logits and one-hot labels as constants, with no taps. */
  TestLossContext.Inputs inputs(TinyBatch batch, int views) {
    return inputs(batch, views, List.of());
  }

  TestLossContext.Inputs inputs(TinyBatch batch, int views, List<Tap> taps) {
    return new TestLossContext.Inputs(
        constant(batch.features()),
        constant(batch.logits()),
        constant(batch.oneHot()),
        batch.numClasses(),
        taps,
        views);
  }

  /** A context in the regularizer's scope, named after it as the runtime would. */
  TestLossContext context(Regularizer regularizer, TestLossContext.Inputs inputs) {
    return new TestLossContext(store, tf, "reg_" + regularizer.id(), inputs);
  }

  /** The terms of {@code regularizer} with its defaults overlaid by {@code given}. */
  static List<LossTerm> terms(Regularizer regularizer, Map<String, ?> given, TestLossContext ctx) {
    return regularizer.terms(options(regularizer, given), ctx);
  }

  static Options options(Regularizer regularizer, Map<String, ?> given) {
    return Options.withDefaults(regularizer.id(), regularizer.options(), given);
  }

  double scalar(Operand<TFloat32> x) {
    try (Result result = session().runner().fetch(x).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  float[] values(Operand<TFloat32> x) {
    try (Result result = session().runner().fetch(x).run()) {
      TFloat32 tensor = (TFloat32) result.get(0);
      float[] out = new float[(int) tensor.size()];
      tensor.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  /** A [rows, columns] fetch as float64 rows. */
  double[][] matrix(Operand<TFloat32> x, int columns) {
    float[] flat = values(x);
    double[][] out = new double[flat.length / columns][columns];
    for (int i = 0; i < flat.length; i++) {
      out[i / columns][i % columns] = flat[i];
    }
    return out;
  }

  Session session() {
    if (session == null) {
      session = new Session(graph);
      session.run(store.initializer());
    }
    return session;
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    graph.close();
  }
}
