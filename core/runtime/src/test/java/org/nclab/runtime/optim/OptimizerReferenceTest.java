package org.nclab.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nclab.api.graph.VariableKind;
import org.nclab.runtime.variables.ModelVariable;
import org.nclab.runtime.variables.VariableStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The optimizers' graph updates against float64 loops written from the papers' update rules, for
 * several steps with fed gradients and a learning rate that changes every step: SGD as PyTorch
 * defines it (Sutskever et al.'s momentum, Nesterov as in PyTorch's {@code torch.optim.SGD}, L2
 * weight decay added to the gradient), Adam (Kingma and Ba, Algorithm 1: bias-corrected moments)
 * and AdamW (Loshchilov and Hutter, Algorithm 2: decay scaled by the scheduled rate, applied to the
 * weights). The references share no code with the optimizers.
 */
class OptimizerReferenceTest {
  private static final int STEPS = 6;
  private static final double RELATIVE = 1e-6;
  private static final List<Shape> SHAPES = List.of(Shape.of(3), Shape.of(2, 2));

  @Test
  void plainSgd() {
    check(new SgdOptimizer(0, false, 0), new SgdReference(0, false, 0));
  }

  @Test
  void sgdWithMomentum() {
    check(new SgdOptimizer(0.9, false, 0), new SgdReference(0.9, false, 0));
  }

  @Test
  void sgdWithNesterovMomentum() {
    check(new SgdOptimizer(0.9, true, 0), new SgdReference(0.9, true, 0));
  }

  @Test
  void sgdWithMomentumAndWeightDecay() {
    check(new SgdOptimizer(0.9, false, 0.05), new SgdReference(0.9, false, 0.05));
  }

  @Test
  void sgdWithNesterovAndWeightDecay() {
    check(new SgdOptimizer(0.8, true, 0.01), new SgdReference(0.8, true, 0.01));
  }

  @Test
  void adam() {
    check(new AdamOptimizer(0.9, 0.999, 1e-8, 0), new AdamReference(0.9, 0.999, 1e-8, 0));
  }

  @Test
  void adamWithOtherBetas() {
    check(new AdamOptimizer(0.5, 0.9, 1e-8, 0), new AdamReference(0.5, 0.9, 1e-8, 0));
  }

  @Test
  void adamW() {
    check(new AdamOptimizer(0.9, 0.999, 1e-8, 0.1), new AdamReference(0.9, 0.999, 1e-8, 0.1));
  }

  /**
   * A float64 update rule: {@code w} is changed in place given the gradient and the step's rate.
   */
  private interface Reference {
    void step(int variable, double[] w, double[] g, double lr);
  }

  /** PyTorch's SGD: g += wd w; v = mu v + g; w -= lr (nesterov ? g + mu v : v). */
  private static final class SgdReference implements Reference {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final List<double[]> velocity = new ArrayList<>();

    SgdReference(double momentum, boolean nesterov, double weightDecay) {
      this.momentum = momentum;
      this.nesterov = nesterov;
      this.weightDecay = weightDecay;
    }

    @Override
    public void step(int variable, double[] w, double[] g, double lr) {
      while (velocity.size() <= variable) {
        velocity.add(null);
      }
      if (velocity.get(variable) == null) {
        velocity.set(variable, new double[w.length]);
      }
      double[] v = velocity.get(variable);
      for (int i = 0; i < w.length; i++) {
        double d = g[i] + weightDecay * w[i];
        if (momentum == 0) {
          w[i] -= lr * d;
          continue;
        }
        v[i] = momentum * v[i] + d;
        w[i] -= lr * (nesterov ? d + momentum * v[i] : v[i]);
      }
    }
  }

  /**
   * Kingma and Ba's Algorithm 1 with Loshchilov and Hutter's decoupled decay: m̂ = m / (1 − β1^t),
   * v̂ = v / (1 − β2^t), w −= lr (m̂ / (√v̂ + ε) + λ w). The step count t is per step, shared by
   * every variable.
   */
  private static final class AdamReference implements Reference {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double decay;
    private final List<double[][]> moments = new ArrayList<>();
    private final List<Integer> steps = new ArrayList<>();

    AdamReference(double beta1, double beta2, double epsilon, double decay) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.epsilon = epsilon;
      this.decay = decay;
    }

    @Override
    public void step(int variable, double[] w, double[] g, double lr) {
      while (moments.size() <= variable) {
        moments.add(null);
        steps.add(0);
      }
      if (moments.get(variable) == null) {
        moments.set(variable, new double[][] {new double[w.length], new double[w.length]});
      }
      int t = steps.get(variable) + 1;
      steps.set(variable, t);
      double[] m = moments.get(variable)[0];
      double[] v = moments.get(variable)[1];
      for (int i = 0; i < w.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        w[i] -= lr * (mHat / (Math.sqrt(vHat) + epsilon) + decay * w[i]);
      }
    }
  }

  /**
   * Builds two variables with known values, applies {@code optimizer} with fed gradients and rates
   * for {@link #STEPS} steps, and compares every weight after every step with {@code reference}.
   */
  private static void check(Optimizer optimizer, Reference reference) {
    Random random = new Random(20261201);
    List<double[]> expected = new ArrayList<>();
    for (Shape shape : SHAPES) {
      double[] w = new double[(int) shape.size()];
      for (int i = 0; i < w.length; i++) {
        // Away from zero, so that a relative tolerance means something for every weight.
        w[i] = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble());
      }
      expected.add(w);
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(graph, 1);
      List<ModelVariable> variables = new ArrayList<>();
      List<Placeholder<TFloat32>> gradients = new ArrayList<>();
      for (int k = 0; k < SHAPES.size(); k++) {
        float[] initial = toFloats(expected.get(k));
        Shape shape = SHAPES.get(k);
        variables.add(
            store.getOrCreate(
                "w" + k,
                shape,
                (ops, s, seed) -> ops.constant(s, DataBuffers.of(initial)),
                VariableKind.TRAINABLE));
        gradients.add(tf.placeholder(TFloat32.class, Placeholder.shape(shape)));
      }
      Placeholder<TFloat32> rate =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Op step =
          optimizer.apply(
              tf,
              store,
              variables,
              new ArrayList<Operand<TFloat32>>(gradients),
              rate,
              UpdateGuard.none());
      Op init = store.initializer();
      try (Session session = new Session(graph)) {
        session.runner().addTarget(init).run();
        for (int s = 0; s < STEPS; s++) {
          double lr = 0.05 + 0.01 * s; // a rate that changes every step, as schedules feed it
          List<TFloat32> fed = new ArrayList<>();
          try {
            Session.Runner runner = session.runner().addTarget(step);
            for (int k = 0; k < SHAPES.size(); k++) {
              double[] g = new double[(int) SHAPES.get(k).size()];
              for (int i = 0; i < g.length; i++) {
                g[i] = random.nextGaussian() * 0.5;
              }
              // The graph sees the float32 gradient, so the reference uses exactly that value.
              float[] g32 = toFloats(g);
              for (int i = 0; i < g.length; i++) {
                g[i] = g32[i];
              }
              TFloat32 tensor = TFloat32.tensorOf(SHAPES.get(k), DataBuffers.of(g32));
              fed.add(tensor);
              runner.feed(gradients.get(k), tensor);
              reference.step(k, expected.get(k), g, (float) lr);
            }
            TFloat32 lrTensor = TFloat32.scalarOf((float) lr);
            fed.add(lrTensor);
            runner.feed(rate, lrTensor).run().close();
          } finally {
            fed.forEach(TFloat32::close);
          }
          compare(session, variables, expected, s + 1);
        }
      }
    }
  }

  private static void compare(
      Session session, List<ModelVariable> variables, List<double[]> expected, int step) {
    Session.Runner runner = session.runner();
    variables.forEach(v -> runner.fetch(v.read()));
    try (Result result = runner.run()) {
      for (int k = 0; k < variables.size(); k++) {
        TFloat32 actual = (TFloat32) result.get(k);
        float[] values = new float[(int) actual.size()];
        actual.asRawTensor().data().asFloats().read(values);
        double[] want = expected.get(k);
        for (int i = 0; i < want.length; i++) {
          double error = Math.abs(values[i] - want[i]) / Math.abs(want[i]);
          if (!(error <= RELATIVE)) {
            fail(
                String.format(
                    "step %d, %s[%d]: graph %.9g, reference %.9g (relative error %.3g)",
                    step, variables.get(k).name(), i, values[i], want[i], error));
          }
        }
      }
    }
    assertEquals(variables.size(), expected.size());
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
