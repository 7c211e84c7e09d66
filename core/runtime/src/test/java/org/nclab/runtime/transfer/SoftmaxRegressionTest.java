package org.nclab.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The linear probe's solver and objective, checked against closed forms and finite differences. */
class SoftmaxRegressionTest {

  /** K Gaussian blobs in d dimensions, centres 6 standard deviations apart: linearly separable. */
  private static FeatureMatrix blobs(int classes, int perClass, int dim, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[classes][dim];
    for (double[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = 6 * random.nextGaussian();
      }
    }
    int n = classes * perClass;
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = (float) (centres[y[i]][j] + random.nextGaussian());
      }
    }
    return new FeatureMatrix(x, y, n, dim);
  }

  @Test
  void separableDataIsFittedAndTheSolverConverges() {
    FeatureMatrix train = blobs(4, 100, 5, 1);
    SoftmaxRegression probe = SoftmaxRegression.fit(train, 4, 1e-4, 1000, 1e-6);
    assertTrue(probe.accuracy(train) >= 0.97, "train accuracy " + probe.accuracy(train));
    assertTrue(probe.solver().converged(), "gradient norm " + probe.solver().gradientNorm());
    assertTrue(probe.solver().gradientNorm() <= 1e-6);
  }

  @Test
  void theGradientMatchesFiniteDifferences() {
    Random random = new Random(3);
    int n = 30;
    int d = 4;
    int k = 3;
    double[] z = new double[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(k);
      for (int j = 0; j < d; j++) {
        z[i * d + j] = random.nextGaussian();
      }
    }
    double[] w = new double[k * d + k];
    for (int j = 0; j < w.length; j++) {
      w[j] = random.nextGaussian();
    }
    double l2 = 0.1;
    double[] gradient = new double[w.length];
    SoftmaxRegression.valueAndGradient(w, gradient, z, y, n, d, k, l2);
    double h = 1e-6;
    for (int j = 0; j < w.length; j++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[j] += h;
      minus[j] -= h;
      double numeric =
          (SoftmaxRegression.valueAndGradient(plus, null, z, y, n, d, k, l2)
                  - SoftmaxRegression.valueAndGradient(minus, null, z, y, n, d, k, l2))
              / (2 * h);
      assertEquals(numeric, gradient[j], 1e-7, "component " + j);
    }
  }

  @Test
  void atZeroWeightsTheLossIsLogK() {
    // Closed form: with every logit equal, each row's cross-entropy is log K.
    double[] z = {1, 2, -1, 0.5, 3, -2};
    double value =
        SoftmaxRegression.valueAndGradient(
            new double[3 * 2 + 3], null, z, new int[] {0, 1, 2}, 3, 2, 3, 0.5);
    assertEquals(Math.log(3), value, 1e-15);
  }

  @Test
  void lbfgsFindsTheMinimumOfAQuadraticExactly() {
    // f(x) = 1/2 x'Ax - b'x with A symmetric positive definite: the minimum is A^-1 b.
    double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    double[] b = {1, 2, 3};
    Lbfgs.Result result =
        Lbfgs.minimize(
            (x, g) -> {
              double f = 0;
              for (int i = 0; i < 3; i++) {
                double ax = 0;
                for (int j = 0; j < 3; j++) {
                  ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
              }
              return f;
            },
            new double[3],
            100,
            1e-12);
    // A^-1 b solved by hand (Cramer's rule): det A = 18.
    double[] expected = {4.0 / 18, 2.0 / 18, 26.0 / 18};
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], result.x()[i], 1e-10);
    }
    assertTrue(result.converged());
  }
}
