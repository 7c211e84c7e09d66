package org.nclab.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import org.nclab.api.graph.Initializers;
import org.nclab.api.graph.VariableKind;
import org.nclab.runtime.graph.ModelVariable;
import org.nclab.runtime.graph.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam, or AdamW when {@code decoupledWeightDecay > 0} (Loshchilov and Hutter: the decay is applied
 * to the weights directly, scaled by the learning rate, not added to the gradient).
 *
 * <p>Reproducible by construction: the bias corrections are computed from the step count read
 * once at the start of the step, and the step count is incremented only after every weight and
 * moment update has run (an explicit control dependency). The framework's Adam updates its beta
 * powers concurrently with the weights, which made identical seeded runs differ.
 */
public record AdamOptimizer(double beta1, double beta2, double epsilon, double decoupledWeightDecay)
    implements Optimizer {

  @Override
  public Op apply(
      Ops tf,
      VariableStore store,
      List<ModelVariable> variables,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate,
      UpdateGuard guard) {
    ModelVariable stepCount =
        store.getOrCreate("optimizer/adam/step", Shape.scalar(), Initializers.zeros(), VariableKind.STATE);
    Operand<TFloat32> t = tf.math.add(stepCount.read(), tf.constant(1f));
    Operand<TFloat32> b1 = tf.constant((float) beta1);
    Operand<TFloat32> b2 = tf.constant((float) beta2);
    Operand<TFloat32> one = tf.constant(1f);
    // lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)
    Operand<TFloat32> correctedLr =
        tf.math.div(
            tf.math.mul(learningRate, tf.math.sqrt(tf.math.sub(one, tf.math.pow(b2, t)))),
            tf.math.sub(one, tf.math.pow(b1, t)));

    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      ModelVariable w = variables.get(i);
      Operand<TFloat32> g = gradients.get(i);
      ModelVariable m = slot(store, w, "m");
      ModelVariable v = slot(store, w, "v");
      Operand<TFloat32> newM =
          tf.math.add(tf.math.mul(m.read(), b1), tf.math.mul(g, tf.math.sub(one, b1)));
      Operand<TFloat32> newV =
          tf.math.add(tf.math.mul(v.read(), b2), tf.math.mul(tf.math.square(g), tf.math.sub(one, b2)));
      Operand<TFloat32> step =
          tf.math.mul(
              correctedLr,
              tf.math.div(newM, tf.math.add(tf.math.sqrt(newV), tf.constant((float) epsilon))));
      if (decoupledWeightDecay > 0) {
        step =
            tf.math.add(
                step,
                tf.math.mul(
                    tf.math.mul(learningRate, tf.constant((float) decoupledWeightDecay)), w.read()));
      }
      updates.add(tf.assign(m.variable(), guard.commit(newM, m.read())));
      updates.add(tf.assign(v.variable(), guard.commit(newV, v.read())));
      updates.add(tf.assign(w.variable(), guard.commit(tf.math.sub(w.read(), step), w.read())));
    }
    Op increment =
        tf.withControlDependencies(updates).assign(stepCount.variable(), guard.commit(t, stepCount.read()));
    return tf.withControlDependencies(List.of(increment)).noOp();
  }

  private static ModelVariable slot(VariableStore store, ModelVariable w, String name) {
    return store.getOrCreate(
        "optimizer/" + w.name() + "/" + name, w.shape(), Initializers.zeros(), VariableKind.STATE);
  }
}
