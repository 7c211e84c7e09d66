package org.nclab.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import org.nclab.api.graph.Initializers;
import org.nclab.api.graph.VariableKind;
import org.nclab.runtime.variables.ModelVariable;
import org.nclab.runtime.variables.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SGD with momentum and L2 weight decay, in PyTorch's formulation (so results compare with it):
 * {@code g = grad + wd * w; v = mu * v + g; w -= lr * (nesterov ? g + mu * v : v)}.
 */
public record SgdOptimizer(double momentum, boolean nesterov, double weightDecay)
    implements Optimizer {

  @Override
  public Op apply(
      Ops tf,
      VariableStore store,
      List<ModelVariable> variables,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate,
      UpdateGuard guard) {
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      ModelVariable w = variables.get(i);
      Operand<TFloat32> g = gradients.get(i);
      if (weightDecay > 0) {
        g = tf.math.add(g, tf.math.mul(w.read(), tf.constant((float) weightDecay)));
      }
      Operand<TFloat32> step = g;
      if (momentum > 0) {
        ModelVariable velocity =
            store.getOrCreate(
                "optimizer/" + w.name() + "/momentum",
                w.shape(),
                Initializers.zeros(),
                VariableKind.STATE);
        Operand<TFloat32> mu = tf.constant((float) momentum);
        Operand<TFloat32> newVelocity = tf.math.add(tf.math.mul(velocity.read(), mu), g);
        updates.add(tf.assign(velocity.variable(), guard.commit(newVelocity, velocity.read())));
        step = nesterov ? tf.math.add(g, tf.math.mul(newVelocity, mu)) : newVelocity;
      }
      updates.add(
          tf.assign(
              w.variable(),
              guard.commit(tf.math.sub(w.read(), tf.math.mul(step, learningRate)), w.read())));
    }
    return tf.withControlDependencies(updates).noOp();
  }
}
