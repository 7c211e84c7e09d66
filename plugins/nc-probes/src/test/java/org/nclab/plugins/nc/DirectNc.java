package org.nclab.plugins.nc;

import java.util.stream.IntStream;

/**
 * The textbook computation, written independently of the plugin as the cross-check the issue asks
 * for: two passes over the data (class means, then centred outer products), full d×d Σ_W and Σ_B,
 * and NC1 = tr(Σ_W · pinv(Σ_B)) / K with the pseudo-inverse from a Jacobi eigen-decomposition. All
 * float64, no shifts, no symmetry tricks, no streaming. Absent classes are left out.
 */
final class DirectNc {
  /** Eigenvalues of Σ_B at or below this fraction of the largest are treated as zero. */
  static final double EIGEN_TOLERANCE = 1e-10;

  final int dim;
  final int[] classes;
  final long[] counts;
  final double[][] means;
  final double[] globalMean;
  final double[][] within;
  final double[][] between;

  DirectNc(LabelledFeatures data, boolean balanced) {
    dim = data.dim();
    int k = data.numClasses();
    long[] allCounts = new long[k];
    double[][] sums = new double[k][dim];
    for (int r = 0; r < data.size(); r++) {
      int c = data.labels()[r];
      allCounts[c]++;
      for (int j = 0; j < dim; j++) {
        sums[c][j] += data.value(r, j);
      }
    }
    classes = IntStream.range(0, k).filter(c -> allCounts[c] > 0).toArray();
    counts = new long[classes.length];
    means = new double[classes.length][dim];
    int[] index = new int[k];
    for (int a = 0; a < classes.length; a++) {
      counts[a] = allCounts[classes[a]];
      index[classes[a]] = a;
      for (int j = 0; j < dim; j++) {
        means[a][j] = sums[classes[a]][j] / counts[a];
      }
    }
    globalMean = new double[dim];
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    for (int a = 0; a < classes.length; a++) {
      for (int j = 0; j < dim; j++) {
        globalMean[j] += balanced ? means[a][j] / classes.length : means[a][j] * counts[a] / total;
      }
    }
    within = new double[dim][dim];
    double[] centred = new double[dim];
    for (int r = 0; r < data.size(); r++) {
      double[] mean = means[index[data.labels()[r]]];
      for (int j = 0; j < dim; j++) {
        centred[j] = data.value(r, j) - mean[j];
      }
      for (int i = 0; i < dim; i++) {
        double xi = centred[i];
        double[] row = within[i];
        for (int j = 0; j < dim; j++) {
          row[j] += xi * centred[j];
        }
      }
    }
    for (double[] row : within) {
      for (int j = 0; j < dim; j++) {
        row[j] /= total;
      }
    }
    between = new double[dim][dim];
    for (double[] mean : means) {
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          between[i][j] += (mean[i] - globalMean[i]) * (mean[j] - globalMean[j]) / classes.length;
        }
      }
    }
  }

  double nc1() {
    double[][] pinv = SymmetricEigen.of(between).pseudoInverse(EIGEN_TOLERANCE);
    double trace = 0;
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        trace += within[i][j] * pinv[j][i];
      }
    }
    return trace / classes.length;
  }

  int rank() {
    return SymmetricEigen.of(between).rank(EIGEN_TOLERANCE);
  }

  double quotient() {
    double w = 0;
    double b = 0;
    for (int i = 0; i < dim; i++) {
      w += within[i][i];
      b += between[i][i];
    }
    return w / b;
  }
}
