package org.nclab.plugins.nc;

/**
 * Test-only eigen-decomposition of a symmetric matrix by classical two-sided cyclic Jacobi: a code
 * path independent of the plugin's one-sided Jacobi SVD, for cross-checks.
 *
 * @param values eigenvalues, in no particular order
 * @param vectors vectors[k][i] is component k of the eigenvector of values[i] (columns)
 */
record SymmetricEigen(double[] values, double[][] vectors) {

  static SymmetricEigen of(double[][] symmetric) {
    int n = symmetric.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = symmetric[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    double frobenius = 0;
    for (double[] row : a) {
      for (double x : row) {
        frobenius += x * x;
      }
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-32 * frobenius) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.hypot(theta, 1));
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) { // A ← A J
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) { // A ← Jᵀ A
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = a[i][i];
    }
    return new SymmetricEigen(values, v);
  }

  /** Σ v_i v_iᵀ / λ_i over eigenvalues above {@code tolerance}·max|λ|. */
  double[][] pseudoInverse(double tolerance) {
    int n = values.length;
    double largest = 0;
    for (double value : values) {
      largest = Math.max(largest, Math.abs(value));
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (values[i] <= tolerance * largest) {
        continue;
      }
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
          out[r][c] += vectors[r][i] * vectors[c][i] / values[i];
        }
      }
    }
    return out;
  }

  int rank(double tolerance) {
    double largest = 0;
    for (double value : values) {
      largest = Math.max(largest, Math.abs(value));
    }
    int rank = 0;
    for (double value : values) {
      if (value > tolerance * largest) {
        rank++;
      }
    }
    return rank;
  }
}
