package org.nclab.runtime.graph;

import java.util.List;
import org.nclab.api.data.ImageShape;
import org.nclab.api.model.BackboneProvider;
import org.nclab.api.options.Options;
import org.nclab.runtime.optim.Optimizer;

/** Everything needed to build a model's training and evaluation graph. */
public record ModelSpec(
    ImageShape shape,
    int numClasses,
    BackboneProvider backbone,
    Options backboneOptions,
    List<WeightedRegularizer> regularizers,
    Optimizer optimizer,
    long seed) {

  public ModelSpec {
    regularizers = List.copyOf(regularizers);
  }
}
