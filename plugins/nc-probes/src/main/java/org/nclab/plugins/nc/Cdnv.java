package org.nclab.plugins.nc;

/**
 * Class-distance normalised variance (Galanti, György and Hutter, 2022): the mean over pairs of
 * present classes c < c' of (σ_c² + σ_c'²) / (2‖μ_c − μ_c'‖²), with σ_c² = (1/n_c)Σ_{x in c} ‖x −
 * μ_c‖². Small when classes are tight compared with how far apart they are.
 */
final class Cdnv {
  private Cdnv() {}

  /** NaN with fewer than two classes or when two class means coincide (the ratio is infinite). */
  static double of(ClassMoments moments, CentredMeans means) {
    int[] classes = means.classes();
    int k = classes.length;
    if (k < 2) {
      return Double.NaN;
    }
    double[] variance = new double[k];
    for (int a = 0; a < k; a++) {
      variance[a] = moments.withinSquaredDistance(classes[a]) / moments.count(classes[a]);
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        // μ_a − μ_b from the centred means: the global mean cancels, and they are better scaled.
        double[] gap = Vectors.difference(means.centred()[a], means.centred()[b]);
        double squaredDistance = Vectors.dot(gap, gap);
        if (squaredDistance == 0) {
          return Double.NaN;
        }
        sum += (variance[a] + variance[b]) / (2 * squaredDistance);
      }
    }
    return sum / (k * (k - 1) / 2.0);
  }
}
