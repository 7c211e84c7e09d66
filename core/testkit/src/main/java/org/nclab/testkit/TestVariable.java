package org.nclab.testkit;

import org.nclab.api.graph.VariableKind;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A variable an extension created through a {@link TestGraph}'s contexts.
 *
 * @param name the full scoped name, e.g. {@code reg_supcon/head/dense0/kernel}: the checkpoint key
 *     nclab would save it under when the context's scope is the runtime's
 * @param read the value as the extension saw it (through an identity op, as in nclab); take
 *     gradients with respect to this
 */
public record TestVariable(
    String name,
    Shape shape,
    VariableKind kind,
    Variable<TFloat32> variable,
    Operand<TFloat32> read) {

  /** Whether the optimizer would update it. */
  public boolean trainable() {
    return kind == VariableKind.TRAINABLE;
  }
}
