package org.nclab.api.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A named intermediate output of a model that probes and transfer methods can address.
 *
 * <p>Convention: a backbone's block {@code blockN} creates its variables in a scope of the same
 * name, so "fine-tune block 3" and "probe block 3" mean the same variables and the same output.
 *
 * @param name the block's scope name, e.g. {@code block3}
 * @param output [N, H, W, C] feature maps or [N, D] vectors
 */
public record Tap(String name, Operand<TFloat32> output) {}
