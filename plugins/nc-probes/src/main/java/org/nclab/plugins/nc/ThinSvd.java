package org.nclab.plugins.nc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Singular values and left singular vectors of a small dense m×n matrix A, by one-sided (Hestenes)
 * Jacobi: plane rotations applied to columns until every pair is orthogonal.
 *
 * <p>Chosen for accuracy: one-sided Jacobi works on A itself, never on AᵀA, so it resolves singular
 * values down to about 1e-16·σ_max. An eigen-decomposition of the Gram matrix AᵀA squares the
 * condition number; its smallest eigenvalues are rounding noise of size 1e-16·σ_max², that is
 * singular values below about 1e-8·σ_max cannot be told from zero, and a pseudo-inverse with a
 * finer cut-off would divide by noise. For NC1 the matrix is d × K' (K' ≤ a few hundred classes),
 * so the O(m·n²) per sweep cost is small; it converges in a handful of sweeps.
 *
 * <p>When m < n it works on Aᵀ (whose right singular vectors are A's left ones), so the number of
 * columns rotated is always min(m, n).
 */
final class ThinSvd {
  private static final int MAX_SWEEPS = 60;

  /**
   * @param singularValues min(m, n) values, descending
   * @param leftVectors leftVectors[i] is the unit vector u_i (length m) of singularValues[i];
   *     meaningless (zeros, or an arbitrary unit vector) when that value is 0
   */
  record Result(double[] singularValues, double[][] leftVectors) {}

  private ThinSvd() {}

  /** The SVD of A = [columns[0] … columns[n−1]], each column of length m. */
  static Result of(double[][] columns, int m) {
    int n = columns.length;
    if (m >= n) {
      double[][] work = new double[n][];
      for (int j = 0; j < n; j++) {
        work[j] = columns[j].clone();
      }
      orthogonalizeColumns(work, null, m);
      // A V = [σ_1 u_1, …]: the rotated columns are the scaled left singular vectors.
      return sorted(work, work);
    }
    double[][] transposed = new double[m][n]; // columns of Aᵀ = rows of A
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        transposed[i][j] = columns[j][i];
      }
    }
    double[][] rotations = new double[m][m]; // columns of V for Aᵀ, i.e. A's left vectors
    for (int i = 0; i < m; i++) {
      rotations[i][i] = 1;
    }
    orthogonalizeColumns(transposed, rotations, n);
    return sorted(transposed, rotations);
  }

  /**
   * Rotates pairs of columns until all are mutually orthogonal; applies the same rotations to
   * {@code alongside} (when not null).
   */
  private static void orthogonalizeColumns(double[][] cols, double[][] alongside, int length) {
    // LAPACK's dgesvj stops at the same relative threshold.
    double tolerance = Math.sqrt(length) * Math.ulp(1.0);
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < cols.length - 1; p++) {
        for (int q = p + 1; q < cols.length; q++) {
          double alpha = Vectors.dot(cols[p], cols[p]);
          double beta = Vectors.dot(cols[q], cols[q]);
          double gamma = Vectors.dot(cols[p], cols[q]);
          if (Math.abs(gamma) <= tolerance * Math.sqrt(alpha) * Math.sqrt(beta)) {
            continue; // already orthogonal (or one of them is zero)
          }
          rotated = true;
          // The rotation that zeroes the pair's inner product, by its smaller angle.
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.hypot(1.0, zeta));
          double c = 1 / Math.sqrt(1 + t * t);
          double s = c * t;
          rotate(cols[p], cols[q], c, s);
          if (alongside != null) {
            rotate(alongside[p], alongside[q], c, s);
          }
        }
      }
      if (!rotated) {
        return;
      }
    }
  }

  /** (x, y) ← (c·x − s·y, s·x + c·y). */
  private static void rotate(double[] x, double[] y, double c, double s) {
    for (int k = 0; k < x.length; k++) {
      double a = x[k];
      double b = y[k];
      x[k] = c * a - s * b;
      y[k] = s * a + c * b;
    }
  }

  /**
   * σ_i = ‖orthogonal[i]‖; u_i = vectors[i] (normalised by σ_i when it is the rotated column
   * itself).
   */
  private static Result sorted(double[][] orthogonal, double[][] vectors) {
    int r = orthogonal.length;
    double[] sigma = new double[r];
    for (int i = 0; i < r; i++) {
      sigma[i] = Vectors.norm(orthogonal[i]);
    }
    Integer[] order = IntStream.range(0, r).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> -sigma[i]));
    double[] values = new double[r];
    double[][] left = new double[r][];
    for (int k = 0; k < r; k++) {
      int i = order[k];
      values[k] = sigma[i];
      double[] u = vectors[i].clone();
      if (vectors == orthogonal) {
        Vectors.scale(u, sigma[i] == 0 ? 0 : 1 / sigma[i]);
      }
      left[k] = u;
    }
    return new Result(values, left);
  }
}
