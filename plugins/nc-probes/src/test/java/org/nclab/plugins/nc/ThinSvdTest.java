package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThinSvdTest {

  /**
   * A = Σ σ_i u_i v_iᵀ with known σ spanning twelve decades. One-sided Jacobi gets every σ to about
   * 1e-16·σ_max absolute, including those an eigen-decomposition of AᵀA could not resolve (below
   * 1e-8·σ_max), and the vectors of the well-separated ones to 1e-10.
   */
  @ParameterizedTest
  @CsvSource({"50, 4", "512, 9", "4, 7", "3, 12"})
  void recoversKnownSingularValuesAndVectors(int m, int n) {
    Random random = new Random(m * 100L + n);
    int r = Math.min(m, n);
    double[] sigma = new double[r];
    for (int i = 0; i < r; i++) {
      sigma[i] = Math.pow(10, -12.0 * i / Math.max(1, r - 1));
    }
    double[][] u = orthonormalColumns(random, m, r);
    double[][] v = orthonormalColumns(random, n, r);
    double[][] columns = new double[n][m];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < m; k++) {
        for (int i = 0; i < r; i++) {
          columns[j][k] += sigma[i] * u[i][k] * v[i][j];
        }
      }
    }
    ThinSvd.Result svd = ThinSvd.of(columns, m);
    assertEquals(r, svd.singularValues().length);
    for (int i = 0; i < r; i++) {
      double error = Math.abs(svd.singularValues()[i] - sigma[i]);
      int index = i;
      assertTrue(error < 1e-14, () -> "σ_" + index + " off by " + error);
      if (sigma[i] >= 1e-3) {
        double alignment = Math.abs(Vectors.dot(svd.leftVectors()[i], u[i]));
        assertEquals(1.0, alignment, 1e-10, "u_" + i);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"6, 3", "2, 5"})
  void rankDeficientMatrix_hasZeroSingularValues(int m, int n) {
    Random random = new Random(3);
    double[] a = new double[m];
    double[] b = new double[m];
    for (int k = 0; k < m; k++) {
      a[k] = random.nextGaussian();
      b[k] = random.nextGaussian();
    }
    double[][] columns = new double[n][m]; // every column in span{a − b}: rank 1
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < m; k++) {
        columns[j][k] = (j + 1) * (a[k] - b[k]);
      }
    }
    double[] sigma = ThinSvd.of(columns, m).singularValues();
    assertTrue(sigma[0] > 1);
    for (int i = 1; i < sigma.length; i++) {
      assertTrue(sigma[i] < 1e-14 * sigma[0], "σ_" + i + " = " + sigma[i]);
    }
  }

  /** r orthonormal vectors of length m (Gram-Schmidt twice over Gaussian vectors). */
  static double[][] orthonormalColumns(Random random, int m, int r) {
    double[][] q = new double[r][m];
    for (int i = 0; i < r; i++) {
      for (int k = 0; k < m; k++) {
        q[i][k] = random.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < i; j++) {
          Vectors.addScaled(q[i], -Vectors.dot(q[i], q[j]), q[j]);
        }
      }
      Vectors.scale(q[i], 1 / Vectors.norm(q[i]));
    }
    return q;
  }
}
