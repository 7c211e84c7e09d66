package org.nclab.plugins.nc;

/** The few float64 vector operations the NC code needs, on plain arrays. */
final class Vectors {
  private Vectors() {}

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum = Math.fma(a[k], b[k], sum);
    }
    return sum;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** target += addend. */
  static void addTo(double[] target, double[] addend) {
    addTo(target, addend, 0);
  }

  /** target[k] += addend[k] for k ≥ from. */
  static void addTo(double[] target, double[] addend, int from) {
    for (int k = from; k < target.length; k++) {
      target[k] += addend[k];
    }
  }

  /** target += factor · addend. */
  static void addScaled(double[] target, double factor, double[] addend) {
    for (int k = 0; k < target.length; k++) {
      target[k] = Math.fma(factor, addend[k], target[k]);
    }
  }

  static void scale(double[] target, double factor) {
    for (int k = 0; k < target.length; k++) {
      target[k] *= factor;
    }
  }

  /** a − b, new array. */
  static double[] difference(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      out[k] = a[k] - b[k];
    }
    return out;
  }

  /** Σ_k ‖a_k‖², the squared Frobenius norm of a matrix given by rows. */
  static double squaredFrobenius(double[][] rows) {
    double sum = 0;
    for (double[] row : rows) {
      sum += dot(row, row);
    }
    return sum;
  }

  /** m · v for a full (square or rectangular, row-major) matrix. */
  static double[] multiply(double[][] m, double[] v) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = dot(m[i], v);
    }
    return out;
  }
}
