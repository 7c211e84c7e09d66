package org.nclab.plugins.nc;

import org.nclab.api.probe.FeatureBatch;

/**
 * NC4's second pass: the nearest-class-centre (NCC) classifier argmin_c ‖x − μ_c‖² over the present
 * classes, and how often it disagrees with the network's own predictions.
 *
 * <p>Distances are compared as ‖m̃_c‖² − 2(x − μ_G)·m̃_c (the same argmin, ‖x − μ_G‖² dropped), in
 * float64 and around the global mean so that a large common offset does not cancel. Ties go to the
 * lower class index. Rows with a non-finite value are skipped, as in the first pass.
 */
final class NearestClassCentre {
  private final int[] classes;
  private final double[] globalMean;
  private final double[][] centred;
  private final double[] squaredNorms;
  private final double[] shifted;
  private long compared;
  private long mismatched;

  NearestClassCentre(CentredMeans means) {
    this.classes = means.classes();
    this.globalMean = means.globalMean();
    this.centred = means.centred();
    this.squaredNorms = new double[centred.length];
    for (int k = 0; k < centred.length; k++) {
      squaredNorms[k] = Vectors.dot(centred[k], centred[k]);
    }
    this.shifted = new double[globalMean.length];
  }

  /** The NCC class of the row at {@code offset}, or -1 when it has a non-finite value. */
  int predict(float[] features, int offset) {
    for (int j = 0; j < shifted.length; j++) {
      shifted[j] = features[offset + j] - globalMean[j];
    }
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int k = 0; k < centred.length; k++) {
      double score = squaredNorms[k] - 2 * Vectors.dot(shifted, centred[k]);
      if (!Double.isFinite(score)) {
        // A non-finite value in x makes every score ±∞ or NaN (0·∞); finite x never overflows.
        return -1;
      }
      if (score < bestScore) {
        bestScore = score;
        best = k;
      }
    }
    return classes[best];
  }

  /** Compares every finite row of the batch with its prediction; needs non-null predictions. */
  void add(FeatureBatch batch) {
    int[] predictions = batch.predictions();
    if (predictions == null || predictions.length < batch.size()) {
      throw new IllegalArgumentException(
          "NC4 needs the classifier's prediction for every row; the batch has "
              + (predictions == null ? "none" : predictions.length + " for " + batch.size()));
    }
    int dim = globalMean.length;
    for (int row = 0; row < batch.size(); row++) {
      int nearest = predict(batch.features(), row * dim);
      if (nearest < 0) {
        continue;
      }
      compared++;
      if (nearest != predictions[row]) {
        mismatched++;
      }
    }
  }

  /** Rows compared so far (finite ones). */
  long compared() {
    return compared;
  }

  /** The fraction of compared rows where NCC and the classifier disagree; NaN before any row. */
  double mismatchRate() {
    return compared == 0 ? Double.NaN : (double) mismatched / compared;
  }
}
