package org.nclab.testkit;

import java.util.List;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A {@link LossContext} over {@link LossInputs} a test chose; variables (a projection head's
 * weights) are created in the regularizer's scope exactly as nclab creates them. Made by {@link
 * TestGraph#lossContext}.
 */
public final class TestLossContext extends TestGraphContext implements LossContext {
  private final LossInputs inputs;

  TestLossContext(TestGraph graph, Ops tf, String scope, LossInputs inputs) {
    super(graph, tf, scope, true); // regularizers are built into the training graph only
    this.inputs = inputs;
  }

  @Override
  public Operand<TFloat32> features() {
    return inputs.features();
  }

  @Override
  public Operand<TFloat32> logits() {
    return inputs.logits();
  }

  @Override
  public Operand<TFloat32> labels() {
    return inputs.labels();
  }

  @Override
  public int numClasses() {
    return inputs.numClasses();
  }

  @Override
  public List<Tap> taps() {
    return inputs.taps();
  }

  @Override
  public int views() {
    return inputs.views();
  }
}
