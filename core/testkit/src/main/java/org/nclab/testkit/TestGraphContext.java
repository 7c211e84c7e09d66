package org.nclab.testkit;

import org.nclab.api.graph.GraphContext;
import org.nclab.api.graph.Initializer;
import org.nclab.api.graph.VariableKind;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A {@link GraphContext} over a {@link TestGraph}: variables are created once per full scoped name,
 * read through an identity op and initialised at the first fetch, as in an nclab run; state updates
 * are collected in {@link TestGraph#stateUpdates()}.
 */
public class TestGraphContext implements GraphContext {
  private final TestGraph graph;
  private final Ops tf;
  private final String scope;
  private final boolean training;

  TestGraphContext(TestGraph graph, Ops tf, String scope, boolean training) {
    this.graph = graph;
    this.tf = tf;
    this.scope = scope;
    this.training = training;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public GraphContext scope(String name) {
    return new TestGraphContext(graph, tf.withSubScope(name), qualify(name), training);
  }

  @Override
  public String scopeName() {
    return scope;
  }

  @Override
  public Operand<TFloat32> variable(
      String name, Shape shape, Initializer initializer, VariableKind kind) {
    return graph.variable(qualify(name), shape, initializer, kind).read();
  }

  @Override
  public void addStateUpdate(String name, Operand<TFloat32> newValue) {
    if (!training) {
      return;
    }
    TestVariable target = graph.variable(qualify(name));
    if (target.trainable()) {
      throw new IllegalArgumentException(
          "'" + target.name() + "' is trainable; only STATE variables take state updates");
    }
    graph.addStateUpdate(target, newValue);
  }

  @Override
  public long[] seed(String purpose) {
    return graph.seedFor(qualify(purpose));
  }

  private String qualify(String name) {
    return scope.isEmpty() ? name : scope + "/" + name;
  }
}
