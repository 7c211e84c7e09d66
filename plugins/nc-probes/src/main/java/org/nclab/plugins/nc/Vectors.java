package org.nclab.plugins.nc;

/** The few float64 vector operations the NC code needs, on plain arrays. */
final class Vectors {
  private Vectors() {}

  /**
   * a·b with four partial sums: one sum would make every FMA wait for the previous one (C2 does not
   * reorder floating-point additions), four keep the FMA units busy. NC4's pass, K dot products per
   * example, is bound by this.
   */
  static double dot(double[] a, double[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 4 <= a.length; k += 4) {
      s0 = Math.fma(a[k], b[k], s0);
      s1 = Math.fma(a[k + 1], b[k + 1], s1);
      s2 = Math.fma(a[k + 2], b[k + 2], s2);
      s3 = Math.fma(a[k + 3], b[k + 3], s3);
    }
    for (; k < a.length; k++) {
      s0 = Math.fma(a[k], b[k], s0);
    }
    return (s0 + s1) + (s2 + s3);
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
