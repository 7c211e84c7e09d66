package org.nclab.runtime.optim;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Decides, in the graph, whether a training step's updates take effect: every variable the step
 * assigns (weights, optimizer slots, batch-norm statistics) goes through {@link #commit}. The
 * runtime's guard keeps the current values when the loss or a gradient is not finite, so a bad step
 * never reaches the weights.
 */
@FunctionalInterface
public interface UpdateGuard {

  /** The value to assign: {@code proposed}, or {@code current} when the step is refused. */
  Operand<TFloat32> commit(Operand<TFloat32> proposed, Operand<TFloat32> current);

  /** Lets every update through. */
  static UpdateGuard none() {
    return (proposed, current) -> proposed;
  }
}
