package org.nclab.runtime.graph;

import java.util.List;

/**
 * Which variables a model trains, by scope: everything (pre-training, full fine-tuning), or only
 * the variables under some scopes (a block and the new classifier for layer fine-tuning).
 *
 * <p>A frozen scope is frozen completely: its variables get no gradient and no update, and its
 * layers are built in evaluation mode even in the training pass, so batch norm there normalises
 * with the pre-trained moving statistics and never changes them. Freezing only the weights would
 * still shift the statistics, and the frozen part would no longer compute what it was trained to.
 *
 * <p>With frozen statistics ({@code [transfer] batch_norm = "frozen"}) the trained scopes' layers
 * are built in evaluation mode too: their weights (batch norm's gamma and beta included) still
 * train, but batch norm normalises with the moving statistics it arrived with and never changes
 * them, so training and evaluation compute the same function.
 *
 * @param prefixes scope paths whose variables train ({@code backbone/block2}, {@code classifier});
 *     null means every variable trains
 * @param frozenStatistics true when every layer is built in evaluation mode, trained or not
 */
public record TrainableScopes(List<String> prefixes, boolean frozenStatistics) {
  /** Every variable trains. */
  public static final TrainableScopes ALL = new TrainableScopes(null, false);

  public TrainableScopes {
    prefixes = prefixes == null ? null : List.copyOf(prefixes);
  }

  /** Only the variables under these scopes train. */
  public static TrainableScopes only(List<String> prefixes) {
    return new TrainableScopes(prefixes, false);
  }

  /** The same variables train, with every layer built in evaluation mode (frozen statistics). */
  public TrainableScopes withFrozenStatistics() {
    return new TrainableScopes(prefixes, true);
  }

  public boolean everything() {
    return prefixes == null;
  }

  /** True when the variable of this full name trains. */
  public boolean trains(String variableName) {
    return everything() || prefixes.stream().anyMatch(p -> within(variableName, p));
  }

  /**
   * True when a scope holds or may hold trained variables: it lies under a trained scope or
   * encloses one ({@code backbone} encloses {@code backbone/block2}). Layers of the other scopes
   * are built in evaluation mode.
   */
  public boolean mayTrainWithin(String scope) {
    return everything()
        || scope.isEmpty()
        || prefixes.stream().anyMatch(p -> within(scope, p) || within(p, scope));
  }

  /**
   * True when the training pass builds the layers of this scope in training mode: it may hold
   * trained variables and the statistics are not frozen.
   */
  public boolean trainingModeWithin(String scope) {
    return !frozenStatistics && mayTrainWithin(scope);
  }

  private static boolean within(String path, String scope) {
    return path.equals(scope) || path.startsWith(scope + "/");
  }
}
