package org.nclab.api.graph;

/** What the runtime does with a variable. */
public enum VariableKind {
  /** Updated by the optimizer (when not frozen) and saved in checkpoints. */
  TRAINABLE,
  /**
   * Saved in checkpoints but never differentiated: running statistics such as batch norm's moving
   * mean, changed only by updates registered with {@link GraphContext#addStateUpdate}.
   */
  STATE
}
