package org.nclab.api.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds a variable's initial value. Runs inside one unordered initialisation step together with
 * every other initialiser, so it must not read any variable. Use the given seed pair with
 * TensorFlow's stateless random ops: that makes initial weights a pure function of the run seed and
 * the variable's name.
 */
@FunctionalInterface
public interface Initializer {

  /**
   * @param tf the op factory, in the variable's scope
   * @param shape the variable's shape
   * @param seed a seed pair for TensorFlow's stateless random ops, derived from the run seed and
   *     the variable's name
   * @return the initial value, of exactly {@code shape}
   */
  Operand<TFloat32> create(Ops tf, Shape shape, long[] seed);
}
