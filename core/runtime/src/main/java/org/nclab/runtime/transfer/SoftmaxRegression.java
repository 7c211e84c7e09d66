package org.nclab.runtime.transfer;

import java.util.Arrays;

/**
 * Multinomial logistic regression with an L2 penalty, fitted in float64 by L-BFGS: the linear probe
 * of transfer learning. Features are standardised with the training rows' mean and standard
 * deviation first (a feature that never varies is only centred), which makes the problem well
 * conditioned whatever scale a backbone's features have.
 *
 * <p>Objective: (1/n) sum_i -log softmax(W z_i + b)[y_i] + (lambda/2) |W|^2, with z the
 * standardised features; the bias is not penalised. Strongly convex for lambda > 0, so L-BFGS finds
 * its unique minimum.
 */
final class SoftmaxRegression {
  private final int classes;
  private final int dim;
  private final double[] mean;
  private final double[] scale;
  private final double[] weights; // K x d row-major, then K biases
  private final Lbfgs.Result solver;

  private SoftmaxRegression(
      int classes, int dim, double[] mean, double[] scale, double[] weights, Lbfgs.Result solver) {
    this.classes = classes;
    this.dim = dim;
    this.mean = mean;
    this.scale = scale;
    this.weights = weights;
    this.solver = solver;
  }

  static SoftmaxRegression fit(
      FeatureMatrix train, int classes, double l2, int maxIterations, double tolerance) {
    int n = train.size();
    int d = train.dim();
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += train.features()[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = train.features()[i * d + j] - mean[j];
        scale[j] += c * c;
      }
    }
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(scale[j] / n);
      scale[j] = sd > 1e-12 ? 1 / sd : 1;
    }
    double[] z = standardise(train, mean, scale);
    int[] y = train.labels();
    Lbfgs.Objective objective =
        (w, gradient) -> valueAndGradient(w, gradient, z, y, n, d, classes, l2);
    Lbfgs.Result result =
        Lbfgs.minimize(objective, new double[classes * d + classes], maxIterations, tolerance);
    return new SoftmaxRegression(classes, d, mean, scale, result.x(), result);
  }

  /** How the solver ended: final objective, gradient norm, iterations, converged or not. */
  Lbfgs.Result solver() {
    return solver;
  }

  /**
   * The fitted model as a dense layer on raw (unstandardised) features: {@code kernel} is [d, K]
   * row-major as the graph's classifier holds it, so that {@code x kernel + bias} gives the same
   * logits as the probe. How a fine-tuned classifier starts from the probe (LP-FT).
   */
  DenseWeights asDenseLayer() {
    float[] kernel = new float[dim * classes];
    float[] bias = new float[classes];
    for (int k = 0; k < classes; k++) {
      double b = weights[classes * dim + k];
      for (int j = 0; j < dim; j++) {
        double w = weights[k * dim + j] * scale[j];
        kernel[j * classes + k] = (float) w;
        b -= w * mean[j];
      }
      bias[k] = (float) b;
    }
    return new DenseWeights(kernel, bias, dim, classes);
  }

  /** A dense layer's weights: {@code kernel} [in, out] row-major, {@code bias} [out]. */
  record DenseWeights(float[] kernel, float[] bias, int in, int out) {}

  /** Share of rows whose highest-scoring class is their label. */
  double accuracy(FeatureMatrix data) {
    double[] z = standardise(data, mean, scale);
    double[] logits = new double[classes];
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      logits(weights, z, i, dim, classes, logits);
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (logits[k] > logits[best]) {
          best = k;
        }
      }
      correct += best == data.labels()[i] ? 1 : 0;
    }
    return (double) correct / data.size();
  }

  /** Mean cross-entropy of the fitted model on {@code data} (no penalty). */
  double loss(FeatureMatrix data) {
    double[] z = standardise(data, mean, scale);
    return valueAndGradient(weights, null, z, data.labels(), data.size(), dim, classes, 0);
  }

  /**
   * The objective at {@code w}, and its gradient into {@code gradient} unless null. Each row's
   * log-sum-exp is taken around its largest logit, so no logit overflows.
   */
  static double valueAndGradient(
      double[] w, double[] gradient, double[] z, int[] y, int n, int d, int classes, double l2) {
    if (gradient != null) {
      Arrays.fill(gradient, 0);
    }
    double[] logits = new double[classes];
    double loss = 0;
    for (int i = 0; i < n; i++) {
      logits(w, z, i, d, classes, logits);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        logits[k] = Math.exp(logits[k] - max);
        sum += logits[k];
      }
      loss += Math.log(sum) + max - (Math.log(logits[y[i]]) + max);
      if (gradient != null) {
        for (int k = 0; k < classes; k++) {
          double residual = logits[k] / sum - (k == y[i] ? 1 : 0);
          int row = k * d;
          for (int j = 0; j < d; j++) {
            gradient[row + j] += residual * z[i * d + j];
          }
          gradient[classes * d + k] += residual;
        }
      }
    }
    double penalty = 0;
    for (int j = 0; j < classes * d; j++) {
      penalty += w[j] * w[j];
    }
    if (gradient != null) {
      for (int j = 0; j < gradient.length; j++) {
        gradient[j] /= n;
      }
      for (int j = 0; j < classes * d; j++) {
        gradient[j] += l2 * w[j];
      }
    }
    return loss / n + 0.5 * l2 * penalty;
  }

  private static void logits(double[] w, double[] z, int i, int d, int classes, double[] out) {
    for (int k = 0; k < classes; k++) {
      double v = w[classes * d + k];
      int row = k * d;
      for (int j = 0; j < d; j++) {
        v += w[row + j] * z[i * d + j];
      }
      out[k] = v;
    }
  }

  private static double[] standardise(FeatureMatrix data, double[] mean, double[] scale) {
    int d = data.dim();
    double[] z = new double[data.size() * d];
    for (int i = 0; i < data.size(); i++) {
      for (int j = 0; j < d; j++) {
        z[i * d + j] = (data.features()[i * d + j] - mean[j]) * scale[j];
      }
    }
    return z;
  }
}
