package org.nclab.runtime.optim;

import java.util.List;
import org.nclab.runtime.variables.ModelVariable;
import org.nclab.runtime.variables.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Turns gradients into variable updates. Written by hand because the framework optimizers of
 * TensorFlow Java 1.1.0 differentiate every variable in the graph (so freezing is impossible) and
 * their Adam races its beta-power updates against the weight updates (not reproducible).
 *
 * <p>Slots (momentum, Adam moments, step count) are STATE variables in the store under {@code
 * optimizer/...}, so checkpoints carry them and a resumed run continues exactly.
 */
public interface Optimizer {

  /**
   * Builds one op that applies {@code gradients} to {@code variables}.
   *
   * @param learningRate scalar, fed every step by the schedule
   * @param guard every assigned value goes through it, slots included
   */
  Op apply(
      Ops tf,
      VariableStore store,
      List<ModelVariable> variables,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate,
      UpdateGuard guard);
}
