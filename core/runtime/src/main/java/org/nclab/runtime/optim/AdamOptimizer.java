package org.nclab.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import org.nclab.api.graph.Initializers;
import org.nclab.api.graph.VariableKind;
import org.nclab.runtime.variables.ModelVariable;
import org.nclab.runtime.variables.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam, or AdamW when {@code decoupledWeightDecay > 0} (Loshchilov and Hutter: the decay is applied
 * to the weights directly, scaled by the learning rate, not added to the gradient).
 *
 * <p>Reproducible by construction: the bias corrections are computed from the step count read once
 * at the start of the step, and the step count is incremented only after every weight and moment
 * update has run (an explicit control dependency). The framework's Adam updates its beta powers
 * concurrently with the weights, which made identical seeded runs differ.
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
        store.getOrCreate(
            "optimizer/adam/step", Shape.scalar(), Initializers.zeros(), VariableKind.STATE);
    Operand<TFloat32> t = tf.math.add(stepCount.read(), tf.constant(1f));
    Operand<TFloat32> b1 = tf.constant((float) beta1);
    Operand<TFloat32> b2 = tf.constant((float) beta2);
    // 1 - beta and the bias corrections 1 - beta^t = -expm1(t ln beta) come from float64 constants,
    // not from 1 - 0.999f in float32 (0.999 is not a float: that difference is off by 1.3e-5).
    Operand<TFloat32> oneMinusB1 = tf.constant((float) (1 - beta1));
    Operand<TFloat32> oneMinusB2 = tf.constant((float) (1 - beta2));
    Operand<TFloat32> correction1 =
        tf.math.neg(tf.math.expm1(tf.math.mul(t, tf.constant((float) Math.log(beta1)))));
    Operand<TFloat32> correction2 =
        tf.math.neg(tf.math.expm1(tf.math.mul(t, tf.constant((float) Math.log(beta2)))));
    // Kingma and Ba's Algorithm 1, as PyTorch computes it: lr * m_hat / (sqrt(v_hat) + eps), with
    // m_hat = m / (1 - b1^t) and sqrt(v_hat) = sqrt(v) / sqrt(1 - b2^t). (The "epsilon hat"
    // shortcut,
    // eps added to sqrt(v), weighs eps 1/sqrt(1 - b2^t) times more in early steps.)
    Operand<TFloat32> rateOverCorrection1 = tf.math.div(learningRate, correction1);
    Operand<TFloat32> sqrtCorrection2 = tf.math.sqrt(correction2);
    Operand<TFloat32> eps = tf.constant((float) epsilon);

    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      ModelVariable w = variables.get(i);
      Operand<TFloat32> g = gradients.get(i);
      ModelVariable m = slot(store, w, "m");
      ModelVariable v = slot(store, w, "v");
      Operand<TFloat32> newM = tf.math.add(tf.math.mul(m.read(), b1), tf.math.mul(g, oneMinusB1));
      Operand<TFloat32> newV =
          tf.math.add(tf.math.mul(v.read(), b2), tf.math.mul(tf.math.square(g), oneMinusB2));
      Operand<TFloat32> step =
          tf.math.mul(
              rateOverCorrection1,
              tf.math.div(
                  newM, tf.math.add(tf.math.div(tf.math.sqrt(newV), sqrtCorrection2), eps)));
      if (decoupledWeightDecay > 0) {
        step =
            tf.math.add(
                step,
                tf.math.mul(
                    tf.math.mul(learningRate, tf.constant((float) decoupledWeightDecay)),
                    w.read()));
      }
      updates.add(tf.assign(m.variable(), guard.commit(newM, m.read())));
      updates.add(tf.assign(v.variable(), guard.commit(newV, v.read())));
      updates.add(tf.assign(w.variable(), guard.commit(tf.math.sub(w.read(), step), w.read())));
    }
    Op increment =
        tf.withControlDependencies(updates)
            .assign(stepCount.variable(), guard.commit(t, stepCount.read()));
    return tf.withControlDependencies(List.of(increment)).noOp();
  }

  private static ModelVariable slot(VariableStore store, ModelVariable w, String name) {
    return store.getOrCreate(
        "optimizer/" + w.name() + "/" + name, w.shape(), Initializers.zeros(), VariableKind.STATE);
  }
}
