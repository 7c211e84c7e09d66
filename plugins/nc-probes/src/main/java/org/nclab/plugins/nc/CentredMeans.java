package org.nclab.plugins.nc;

/**
 * The class means of the present classes around the global mean: the columns m̃_c = μ_c − μ_G of M̃
 * (d × K'), stored here as rows.
 *
 * <p>μ_G is the mean of all examples, Σ_c n_c μ_c / N; with {@code balanced} it is the mean of the
 * class means, Σ_c μ_c / K', as if every class had the same number of examples. On balanced data
 * the two agree. The first makes Σ_c n_c m̃_c = 0, the second Σ_c m̃_c = 0; either way M̃ has rank
 * at most K' − 1, which is why NC1's pseudo-inverse must drop a direction.
 *
 * @param classes the present classes (n_c > 0), ascending; K' = classes.length
 * @param globalMean μ_G
 * @param centred row k is m̃ for class classes[k]
 */
record CentredMeans(int[] classes, double[] globalMean, double[][] centred) {

  static CentredMeans of(ClassMoments moments, boolean balanced) {
    int[] classes = moments.presentClasses();
    double[][] means = new double[classes.length][];
    for (int k = 0; k < classes.length; k++) {
      means[k] = moments.mean(classes[k]);
    }
    double[] globalMean = new double[moments.dim()];
    double totalWeight = 0;
    for (int k = 0; k < classes.length; k++) {
      double weight = balanced ? 1.0 : moments.count(classes[k]);
      Vectors.addScaled(globalMean, weight, means[k]);
      totalWeight += weight;
    }
    if (totalWeight > 0) {
      Vectors.scale(globalMean, 1.0 / totalWeight);
    }
    double[][] centred = new double[classes.length][];
    for (int k = 0; k < classes.length; k++) {
      centred[k] = Vectors.difference(means[k], globalMean);
    }
    return new CentredMeans(classes, globalMean, centred);
  }

  /** K', the number of present classes. */
  int size() {
    return classes.length;
  }

  /** tr(Σ_B) = ‖M̃‖_F² / K'. */
  double betweenTrace() {
    return Vectors.squaredFrobenius(centred) / classes.length;
  }
}
