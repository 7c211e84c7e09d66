package org.nclab.plugins.nc;

/**
 * NC1 = (1/K)·tr(Σ_W Σ_B^†) without a d×d pseudo-inverse.
 *
 * <p>Σ_B = M̃M̃ᵀ/K with M̃ = [m̃_1 … m̃_K] (d×K). Take the thin SVD M̃ = U diag(σ) Vᵀ and keep the
 * r singular values above {@code rankTolerance}·σ_max. Then Σ_B^† = U_r diag(K/σ_i²) U_rᵀ and
 *
 * <pre>
 *   NC1 = (1/K)·tr(Σ_W U_r diag(K/σ_i²) U_rᵀ) = Σ_{i ≤ r} u_iᵀ Σ_W u_i / σ_i²
 * </pre>
 *
 * so only r ≤ K − 1 matrix-vector products with Σ_W are needed (O(r·d²)), and r, "the rank used",
 * is reported. Rank r is at most K − 1 (the centred means sum to zero, with weights) and at most d.
 *
 * <p>Each term u_iᵀ Σ_W u_i is a variance (Σ_W is positive semi-definite); a term that rounding
 * makes a hair negative is counted as 0.
 *
 * @param value NC1, NaN when r = 0 (all class means equal: Σ_B = 0, nothing to divide by)
 * @param rank r
 * @param quotient tr(Σ_W)/tr(Σ_B), NaN when tr(Σ_B) = 0
 */
record Nc1(double value, int rank, double quotient) {

  static Nc1 of(ClassMoments moments, CentredMeans means, double rankTolerance) {
    long total = moments.total();
    double[][] scatter = moments.withinScatter(); // N·Σ_W
    ThinSvd.Result svd = ThinSvd.of(means.centred(), moments.dim());
    double[] sigma = svd.singularValues();
    double largest = sigma.length == 0 ? 0 : sigma[0];
    int rank = 0;
    double sum = 0;
    for (int i = 0; i < sigma.length && sigma[i] > 0 && sigma[i] > rankTolerance * largest; i++) {
      double[] u = svd.leftVectors()[i];
      double variance = Vectors.dot(u, Vectors.multiply(scatter, u)) / total;
      sum += Math.max(0.0, variance) / (sigma[i] * sigma[i]);
      rank++;
    }
    double withinTrace = 0;
    for (int i = 0; i < scatter.length; i++) {
      withinTrace += scatter[i][i];
    }
    withinTrace = Math.max(0.0, withinTrace) / total;
    double betweenTrace = means.betweenTrace();
    return new Nc1(
        rank == 0 ? Double.NaN : sum,
        rank,
        betweenTrace > 0 ? withinTrace / betweenTrace : Double.NaN);
  }
}
