package org.example.ringloss;

import java.util.List;
import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Initializer;
import org.nclab.api.graph.VariableKind;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossContext;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The least of nclab's {@link LossContext} that a test of this regularizer needs: a graph of its
 * own whose features are a constant, and a way to evaluate what the regularizer built. What the
 * ring loss does not read throws; give it a value here when your regularizer reads it (logits and
 * one-hot labels as constants, {@code variable} through a small map of your own).
 */
final class FakeLossContext implements LossContext, AutoCloseable {

  private final Graph graph = new Graph();
  private final Session session = new Session(graph);
  private final Ops tf = Ops.create(graph);
  private final Operand<TFloat32> features;

  /** @param features [N, D], one row per example */
  FakeLossContext(float[][] features) {
    this.features = tf.constant(features);
  }

  /** Runs the graph and returns a scalar's value. */
  float evaluate(Operand<TFloat32> scalar) {
    try (Result result = session.runner().fetch(scalar).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  @Override
  public Operand<TFloat32> features() {
    return features;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public boolean training() {
    return true; // regularizers are built into the training graph only
  }

  @Override
  public List<Tap> taps() {
    return List.of();
  }

  @Override
  public int views() {
    return 1;
  }

  @Override
  public Operand<TFloat32> logits() {
    throw notNeeded("logits()");
  }

  @Override
  public Operand<TFloat32> labels() {
    throw notNeeded("labels()");
  }

  @Override
  public int numClasses() {
    throw notNeeded("numClasses()");
  }

  @Override
  public GraphContext scope(String name) {
    throw notNeeded("scope()");
  }

  @Override
  public String scopeName() {
    return "";
  }

  @Override
  public Operand<TFloat32> variable(
      String name, Shape shape, Initializer initializer, VariableKind kind) {
    throw notNeeded("variable()");
  }

  @Override
  public void addStateUpdate(String name, Operand<TFloat32> newValue) {
    throw notNeeded("addStateUpdate()");
  }

  @Override
  public long[] seed(String purpose) {
    throw notNeeded("seed()");
  }

  private static UnsupportedOperationException notNeeded(String what) {
    return new UnsupportedOperationException(
        "the ring loss does not read " + what + "; fake it here when your regularizer does");
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
