package org.nclab.plugins.nc;

/**
 * NC2: how close K vectors v_1 … v_K (the centred class means, or the classifier's rows) are to a
 * simplex equiangular tight frame (ETF): equal norms, and pairwise cosines all −1/(K−1), the most
 * separated K directions possible. Every method returns NaN where the quantity is undefined (fewer
 * than two vectors, zero vectors); the probe omits those.
 */
final class SimplexGeometry {
  private SimplexGeometry() {}

  /**
   * Equinorm: the coefficient of variation std_c(‖v_c‖) / mean_c(‖v_c‖), with the sample standard
   * deviation (divisor K − 1) as in Papyan, Han and Donoho (2020)'s code. 0 when all norms agree.
   */
  static double equinorm(double[][] vectors) {
    int k = vectors.length;
    if (k < 2) {
      return Double.NaN;
    }
    double[] norms = new double[k];
    double mean = 0;
    for (int c = 0; c < k; c++) {
      norms[c] = Vectors.norm(vectors[c]);
      mean += norms[c] / k;
    }
    if (mean == 0) {
      return Double.NaN;
    }
    double squares = 0;
    for (double norm : norms) {
      squares += (norm - mean) * (norm - mean);
    }
    return Math.sqrt(squares / (k - 1)) / mean;
  }

  /**
   * ‖G/‖G‖_F − E/‖E‖_F‖_F with G = [v_c·v_c'] the K×K Gram matrix and E = (K/(K−1))(I − 11ᵀ/K) the
   * Gram matrix of a unit simplex ETF; E/‖E‖_F = (I − 11ᵀ/K)/√(K−1). 0 exactly when the vectors
   * form a simplex ETF (of any scale); at most 2. The form of Zhu et al. (2021).
   */
  static double etfDistance(double[][] vectors) {
    int k = vectors.length;
    if (k < 2) {
      return Double.NaN;
    }
    double[][] gram = gram(vectors);
    double frobenius = 0;
    for (double[] row : gram) {
      frobenius += Vectors.dot(row, row);
    }
    frobenius = Math.sqrt(frobenius);
    if (frobenius == 0) {
      return Double.NaN;
    }
    double etfScale = 1 / Math.sqrt(k - 1.0);
    double squares = 0;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double etf = ((a == b ? 1.0 : 0.0) - 1.0 / k) * etfScale;
        double difference = gram[a][b] / frobenius - etf;
        squares += difference * difference;
      }
    }
    return Math.sqrt(squares);
  }

  /**
   * Equiangularity as Papyan et al. measure it: the mean over pairs c ≠ c' of |cos(v_c, v_c') +
   * 1/(K−1)|. 0 when every pair meets at the simplex angle; "mutual coherence" in the probe's
   * metric names.
   */
  static double coherence(double[][] vectors) {
    int k = vectors.length;
    if (k < 2) {
      return Double.NaN;
    }
    double[] norms = new double[k];
    for (int c = 0; c < k; c++) {
      norms[c] = Vectors.norm(vectors[c]);
      if (norms[c] == 0) {
        return Double.NaN;
      }
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        double cosine = Vectors.dot(vectors[a], vectors[b]) / (norms[a] * norms[b]);
        sum += Math.abs(cosine + 1.0 / (k - 1));
      }
    }
    return sum / (k * (k - 1) / 2.0);
  }

  static double[][] gram(double[][] vectors) {
    int k = vectors.length;
    double[][] gram = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        gram[a][b] = Vectors.dot(vectors[a], vectors[b]);
        gram[b][a] = gram[a][b];
      }
    }
    return gram;
  }
}
