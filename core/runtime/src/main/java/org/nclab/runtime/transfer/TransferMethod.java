package org.nclab.runtime.transfer;

import java.util.List;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.graph.TrainableScopes;

/**
 * The ways a pre-trained backbone is carried to a downstream task, from cheapest to dearest in
 * trained parameters: a linear probe on frozen features, one block fine-tuned with or without a
 * skip connection to the classifier, or every weight fine-tuned. Each gets a new classifier.
 */
public enum TransferMethod {
  /** Frozen backbone; logistic regression on features extracted once. */
  LINEAR_PROBE("linear-probe"),
  /** Every weight trains. */
  FULL("full"),
  /** One block and the classifier train; the rest stays as pre-trained. */
  LAYER("layer"),
  /** One block, a skip connection from it to the classifier, and the classifier train (SCL-FT). */
  SCL("scl");

  private final String id;

  TransferMethod(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static TransferMethod of(String id) {
    for (TransferMethod m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown transfer method '" + id + "'");
  }

  /** The scopes this method trains, for fine-tuning block {@code block}. */
  TrainableScopes trainable(String block) {
    String blockScope = ModelAssembly.BACKBONE + "/" + block;
    return switch (this) {
      case LINEAR_PROBE -> TrainableScopes.only(List.of(ModelAssembly.CLASSIFIER));
      case FULL -> TrainableScopes.ALL;
      case LAYER -> TrainableScopes.only(List.of(blockScope, ModelAssembly.CLASSIFIER));
      case SCL ->
          TrainableScopes.only(List.of(blockScope, SkipConnection.SCOPE, ModelAssembly.CLASSIFIER));
    };
  }

  /** The skip connection this method adds, or null. */
  SkipConnection skip(String block, SkipConnection.Variant variant) {
    return this == SCL ? new SkipConnection(block, variant) : null;
  }
}
