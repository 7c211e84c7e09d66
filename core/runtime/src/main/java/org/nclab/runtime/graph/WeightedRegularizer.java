package org.nclab.runtime.graph;

import org.nclab.api.options.Options;
import org.nclab.api.train.Regularizer;

/**
 * A regularizer as configured in one {@code [[regularizer]]} table.
 *
 * @param scope its variable and op scope, unique per table ({@code regularizer0_cross-entropy})
 */
public record WeightedRegularizer(String scope, Regularizer regularizer, Options options, double weight) {}
