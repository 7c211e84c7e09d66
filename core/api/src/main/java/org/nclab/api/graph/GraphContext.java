package org.nclab.api.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where an extension builds its part of the TensorFlow graph.
 *
 * <p>The runtime builds the model twice, once for training and once for evaluation, with the same
 * variables: {@link #variable} creates a variable on the first call for a scoped name and returns
 * the same variable on later calls. Build code therefore looks like Keras' {@code call()}: ask for
 * the weights you need, where you need them, and branch on {@link #training()} for the pieces that
 * differ (batch statistics, dropout, augmentation).
 *
 * <p>The runtime owns the session, the trainable set, the optimizer and the checkpoints; an
 * extension never creates a {@code Session} or calls an optimizer.
 */
public interface GraphContext {

  /** The op factory, already in this context's name scope. */
  Ops tf();

  /** True while building the training graph, false for the evaluation graph. */
  boolean training();

  /** A child context whose variables and ops are named {@code scopeName()/name/...}. */
  GraphContext scope(String name);

  /** This context's scope, e.g. {@code backbone/block2}; empty at the root. */
  String scopeName();

  /**
   * Returns a variable's current value, creating the variable on first use. The value is read
   * through an identity op: TensorFlow Java 1.1.0 crashes in several gradients when a variable's
   * output is used directly, so extensions never see the raw variable.
   *
   * @param name name within this scope
   * @param shape fully known shape
   * @param initializer initial value, seeded by {@link #seed(String) seed(name)}
   * @param kind trainable weight or saved state
   */
  Operand<TFloat32> variable(String name, Shape shape, Initializer initializer, VariableKind kind);

  /**
   * Sets a {@link VariableKind#STATE} variable of this scope to {@code newValue} after every
   * training step (batch norm's moving averages). Ignored in the evaluation graph.
   */
  void addStateUpdate(String name, Operand<TFloat32> newValue);

  /**
   * A seed pair for stateless random ops, derived from the run's seed and this scope's {@code
   * purpose}: the same config gives the same numbers in every run.
   */
  long[] seed(String purpose);

  /**
   * True in a training tower of a run with {@code [run] replicas > 1} and {@code [model]
   * sync_batch_norm = true}: batch statistics are then the whole batch's, combined through {@link
   * #sumOverReplicas}. False by default: each tower normalises with its own share.
   */
  default boolean syncBatchNorm() {
    return false;
  }

  /**
   * The sum of {@code local} over every tower of the training step, each tower passing its own
   * partial sums at the same point of its model (all towers must call it equally often). Only one
   * tower: {@code local} itself.
   */
  default Operand<TFloat32> sumOverReplicas(Operand<TFloat32> local) {
    return local;
  }
}
