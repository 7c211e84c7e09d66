package org.nclab.plugins.regularizers;

import java.util.List;
import org.nclab.api.model.Tap;
import org.nclab.api.train.LossContext;
import org.nclab.runtime.graph.ScopedGraphContext;
import org.nclab.runtime.graph.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A {@link LossContext} over tensors a test chose, for a regularizer to build in. It extends the
 * runtime's own graph context, so variables are created, named, initialised and read (through
 * identity) exactly as in a run; only the training pass it reads from is the test's.
 */
final class TestLossContext extends ScopedGraphContext implements LossContext {
  private final Inputs inputs;

  /**
   * What the training pass would provide.
   *
   * @param views how many views of each example the rows hold, view after view
   */
  record Inputs(
      Operand<TFloat32> features,
      Operand<TFloat32> logits,
      Operand<TFloat32> labels,
      int numClasses,
      List<Tap> taps,
      int views) {}

  /**
   * @param tf the graph's root ops
   * @param scope the regularizer's scope, as the runtime gives each [[regularizer]] table one
   */
  TestLossContext(VariableStore store, Ops tf, String scope, Inputs inputs) {
    super(store, new StateUpdates(), tf.withSubScope(scope), scope, true);
    this.inputs = inputs;
  }

  /** Batch-norm statistics updates registered while building. */
  List<Op> stateUpdates() {
    return updates().assign(tf(), org.nclab.runtime.optim.UpdateGuard.none());
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
