package org.nclab.runtime.graph;

import org.nclab.api.options.Options;
import org.nclab.api.train.Regularizer;

/**
 * A regularizer as configured in one {@code [[regularizer]]} table.
 *
 * @param scope its variable and op scope, unique per table ({@code regularizer0_cross-entropy})
 * @param table where it is configured, for messages: {@code regularizer[0]}
 */
public record WeightedRegularizer(
    String scope, Regularizer regularizer, Options options, double weight, String table) {

  /** A use whose table is named after its scope (tests and built-in setups). */
  public WeightedRegularizer(
      String scope, Regularizer regularizer, Options options, double weight) {
    this(scope, regularizer, options, weight, scope);
  }
}
