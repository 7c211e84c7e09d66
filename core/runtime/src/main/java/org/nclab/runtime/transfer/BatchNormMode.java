package org.nclab.runtime.transfer;

import org.nclab.runtime.graph.TrainableScopes;

/**
 * What fine-tuning does with batch norm's moving statistics ({@code [transfer] batch_norm}). With
 * one-step few-shot epochs, the moving averages of {@code train} still hold a share of the
 * pre-trained (source) statistics and lag behind the weights, so evaluation normalises differently
 * from training; docs/transfer.md measures it.
 */
public enum BatchNormMode {
  /** Batch statistics in training, moving averages updated each step (momentum 0.9). */
  TRAIN("train"),
  /**
   * The pre-trained moving statistics in training and evaluation, never updated; gamma and beta
   * still train with the rest of the method's weights.
   */
  FROZEN("frozen"),
  /**
   * As {@code train}, then the moving mean and variance of every batch norm that trained are
   * recomputed exactly on the downstream training data with the fine-tuned weights. The default: as
   * stable as {@code train}, without its evaluation-mode gap (docs/transfer.md).
   */
  RECOMPUTE("recompute");

  private final String id;

  BatchNormMode(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static BatchNormMode of(String id) {
    for (BatchNormMode mode : values()) {
      if (mode.id.equals(id)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown batch_norm mode '" + id + "'");
  }

  /** The method's trainable scopes as this mode builds them. */
  TrainableScopes apply(TrainableScopes scopes) {
    return this == FROZEN ? scopes.withFrozenStatistics() : scopes;
  }
}
