package org.nclab.runtime.graph;

import java.util.List;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossContext;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The {@link LossContext} a regularizer gets: the training pass's tensors plus a scope of its own.
 */
final class TrainingLossContext extends ScopedGraphContext implements LossContext {
  private final ForwardPass pass;

  TrainingLossContext(ScopedGraphContext parent, String scope, ForwardPass pass) {
    super(
        parent.store(),
        parent.updates(),
        parent.tf().withSubScope(scope),
        scope,
        true,
        TrainableScopes.ALL,
        parent.tower());
    this.pass = pass;
  }

  @Override
  public Operand<TFloat32> features() {
    return pass.features();
  }

  @Override
  public Operand<TFloat32> logits() {
    return pass.logits();
  }

  @Override
  public Operand<TFloat32> labels() {
    return pass.targets();
  }

  @Override
  public int numClasses() {
    return pass.numClasses();
  }

  @Override
  public List<Tap> taps() {
    return pass.taps();
  }

  @Override
  public int views() {
    return pass.views();
  }
}
