package org.nclab.plugins.nc;

/**
 * NC3: ‖W/‖W‖_F − M̃ᵀ/‖M̃‖_F‖_F², how far the classifier's rows are from the centred class means,
 * both scaled to unit Frobenius norm. 0 when W is a positive multiple of M̃ᵀ; at most 4. The form
 * of Papyan et al.'s code (squared).
 */
final class SelfDuality {
  private SelfDuality() {}

  /** NaN when W or M̃ is zero. Row c of {@code rows} pairs with row c of {@code centredMeans}. */
  static double distance(double[][] rows, double[][] centredMeans) {
    double rowsNorm = Math.sqrt(Vectors.squaredFrobenius(rows));
    double meansNorm = Math.sqrt(Vectors.squaredFrobenius(centredMeans));
    if (rowsNorm == 0 || meansNorm == 0) {
      return Double.NaN;
    }
    double squares = 0;
    for (int c = 0; c < rows.length; c++) {
      for (int k = 0; k < rows[c].length; k++) {
        double difference = rows[c][k] / rowsNorm - centredMeans[c][k] / meansNorm;
        squares += difference * difference;
      }
    }
    return squares;
  }
}
