package org.nclab.runtime.variables;

import org.nclab.api.graph.VariableKind;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A variable of the model as the runtime sees it.
 *
 * @param name full scoped name, also its key in checkpoints ({@code backbone/block1/conv/kernel})
 * @param variable the raw variable: only for assignments, never as an op input (see {@link #read})
 * @param read the value read through an identity op, which every consumer uses
 * @param kind trainable weight or saved state
 */
public record ModelVariable(
    String name,
    Variable<TFloat32> variable,
    Operand<TFloat32> read,
    Shape shape,
    VariableKind kind) {

  public long size() {
    return shape.size();
  }

  public boolean trainable() {
    return kind == VariableKind.TRAINABLE;
  }
}
