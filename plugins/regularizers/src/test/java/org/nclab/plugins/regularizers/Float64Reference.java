package org.nclab.plugins.regularizers;

import java.util.List;

/**
 * The losses written out in plain float64 Java, loop by loop, straight from their formulas: the
 * hand computation each graph is checked against. Deliberately naive (no stabilisation beyond what
 * float64 needs on tiny inputs) so that it shares no trick with the code under test.
 */
final class Float64Reference {
  private Float64Reference() {}

  static double mse(double[][] logits, double[][] oneHot, double scale) {
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      for (int k = 0; k < logits[i].length; k++) {
        double d = logits[i][k] - scale * oneHot[i][k];
        total += d * d;
      }
    }
    return total / logits.length;
  }

  static double labelSmoothing(double[][] logits, double[][] oneHot, double smoothing) {
    int classes = oneHot[0].length;
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      double[] p = softmax(logits[i]);
      for (int k = 0; k < classes; k++) {
        double target = (1 - smoothing) * oneHot[i][k] + smoothing / classes;
        total -= target * Math.log(p[k]);
      }
    }
    return total / logits.length;
  }

  /**
   * @param alpha class weights, empty for none
   */
  static double focal(double[][] logits, int[] labels, double gamma, List<Double> alpha) {
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      double pt = softmax(logits[i])[labels[i]];
      double weight = alpha.isEmpty() ? 1 : alpha.get(labels[i]);
      total += -weight * Math.pow(1 - pt, gamma) * Math.log(pt);
    }
    return total / logits.length;
  }

  /**
   * The contrastive loss of {@link ContrastiveLosses}: rows with the same {@code group} (other than
   * the row itself) are positives.
   */
  static double contrastive(double[][] projections, int[] group, double temperature) {
    int n = projections.length;
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      z[i] = normalised(projections[i]);
    }
    double total = 0;
    int anchors = 0;
    for (int i = 0; i < n; i++) {
      double denominator = 0;
      for (int a = 0; a < n; a++) {
        if (a != i) {
          denominator += Math.exp(dot(z[i], z[a]) / temperature);
        }
      }
      double sum = 0;
      int positives = 0;
      for (int p = 0; p < n; p++) {
        if (p != i && group[p] == group[i]) {
          sum += Math.log(Math.exp(dot(z[i], z[p]) / temperature) / denominator);
          positives++;
        }
      }
      if (positives > 0) {
        total += -sum / positives;
        anchors++;
      }
    }
    return anchors == 0 ? 0 : total / anchors;
  }

  /** Row r of V·B rows shows example r mod B. */
  static int[] exampleOfRow(int rows, int views) {
    int examples = rows / views;
    int[] group = new int[rows];
    for (int r = 0; r < rows; r++) {
      group[r] = r % examples;
    }
    return group;
  }

  /** tr(Σ_W) / tr(Σ_B) as {@link ClassScatter} defines it, over the classes present. */
  static double scatterRatio(double[][] h, int[] labels, int classes) {
    int n = h.length;
    int d = h[0].length;
    double[][] mean = new double[classes][d];
    int[] count = new int[classes];
    double[] global = new double[d];
    for (int i = 0; i < n; i++) {
      count[labels[i]]++;
      for (int j = 0; j < d; j++) {
        mean[labels[i]][j] += h[i][j];
        global[j] += h[i][j] / n;
      }
    }
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < d; j++) {
        mean[k][j] = count[k] == 0 ? 0 : mean[k][j] / count[k];
      }
    }
    double within = 0;
    for (int i = 0; i < n; i++) {
      within += squaredDistance(h[i], mean[labels[i]]) / n;
    }
    double between = 0;
    int present = 0;
    for (int k = 0; k < classes; k++) {
      if (count[k] > 0) {
        between += squaredDistance(mean[k], global);
        present++;
      }
    }
    return within / (between / present);
  }

  static double vicregVariance(double[][] z, double target, double epsilon) {
    double[][] c = covariance(z);
    double total = 0;
    for (int j = 0; j < c.length; j++) {
      total += Math.max(0, target - Math.sqrt(c[j][j] + epsilon));
    }
    return total / c.length;
  }

  static double vicregCovariance(double[][] z) {
    double[][] c = covariance(z);
    double total = 0;
    for (int j = 0; j < c.length; j++) {
      for (int l = 0; l < c.length; l++) {
        if (j != l) {
          total += c[j][l] * c[j][l];
        }
      }
    }
    return total / c.length;
  }

  /** Unbiased: divided by N − 1. */
  static double[][] covariance(double[][] z) {
    int n = z.length;
    int d = z[0].length;
    double[] mean = new double[d];
    for (double[] row : z) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] c = new double[d][d];
    for (double[] row : z) {
      for (int j = 0; j < d; j++) {
        for (int l = 0; l < d; l++) {
          c[j][l] += (row[j] - mean[j]) * (row[l] - mean[l]) / (n - 1);
        }
      }
    }
    return c;
  }

  /** x W + b, then optionally ReLU: one dense layer of a projection head without batch norm. */
  static double[][] dense(double[][] x, double[][] kernel, double[] bias, boolean relu) {
    double[][] y = new double[x.length][kernel[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int u = 0; u < kernel[0].length; u++) {
        double v = bias == null ? 0 : bias[u];
        for (int j = 0; j < kernel.length; j++) {
          v += x[i][j] * kernel[j][u];
        }
        y[i][u] = relu ? Math.max(0, v) : v;
      }
    }
    return y;
  }

  private static double[] softmax(double[] z) {
    double[] p = new double[z.length];
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      p[k] = Math.exp(z[k]);
      sum += p[k];
    }
    for (int k = 0; k < z.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  private static double[] normalised(double[] x) {
    double norm = Math.sqrt(dot(x, x));
    double[] out = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      out[j] = x[j] / norm;
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return s;
  }
}
