package org.nclab.runtime.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A built model: the training and evaluation passes over shared variables, the objective and the
 * one op that runs a training step (gradients, optimizer, batch-norm statistics).
 *
 * @param lossTerms each regularizer's unweighted term by metric name ({@code loss/cross-entropy})
 * @param step the training step counter, fed every step: it seeds the augmentation's randomness
 * @param trainStep run with the training pass's feeds, {@code learningRate} and {@code step}
 * @param stepFinite fetched with the step: false when its loss or a gradient was not finite, in
 *     which case the step assigned nothing
 * @param initializer assigns every variable its initial value (skip it when restoring)
 * @param trained the variables the training step updates: trainable, not frozen, and reached by the
 *     objective
 * @param unreachedByObjective trainable variables that get no gradient from the objective and so
 *     keep their initial values
 */
public record TrainingGraph(
    Graph graph,
    ForwardPass train,
    ForwardPass eval,
    Placeholder<TFloat32> learningRate,
    Placeholder<TInt64> step,
    Operand<TFloat32> objective,
    Map<String, Operand<TFloat32>> lossTerms,
    Op trainStep,
    Operand<TBool> stepFinite,
    Op initializer,
    List<ModelVariable> variables,
    List<ModelVariable> trained,
    List<String> unreachedByObjective) {

  /** Weights of the model (trainable kind, frozen or not; batch-norm statistics excluded). */
  public long trainableParameters() {
    return variables.stream().filter(ModelVariable::trainable).mapToLong(ModelVariable::size).sum();
  }

  /**
   * Weights the model computes its logits with: {@link #trainableParameters()} except those of
   * blocks a bypass skip connection leaves out (built and restored, but never run).
   */
  public long modelParameters() {
    Set<GraphOperation> upstream = graph.subgraphTo(Set.of(eval.logits()));
    return variables.stream()
        .filter(v -> v.trainable() && upstream.contains((GraphOperation) v.read().op()))
        .mapToLong(ModelVariable::size)
        .sum();
  }

  /** Weights the training step updates: {@link #trainableParameters()} minus the frozen ones. */
  public long trainedParameters() {
    return trained.stream().mapToLong(ModelVariable::size).sum();
  }
}
