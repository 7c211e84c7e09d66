package org.nclab.plugins.nc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nclab.api.probe.ClassifierWeights;

/**
 * Every first-pass NC metric, as a pure function of finished {@link ClassMoments} and, where the
 * tap feeds the classifier, its weights. docs/nc-probes.md gives each formula; the classes named
 * here give them too.
 *
 * <p>Metrics use the K' classes that have examples (a class absent from the split has no mean): K'
 * replaces K in every formula, and the classifier's rows of absent classes are left out too. A
 * metric that is undefined on the data (fewer than two classes, all class means equal, a zero
 * classifier) is omitted rather than reported as NaN.
 */
public final class NcMetrics {
  /** Metric names, as the runtime logs them under probe/SPLIT/TAP/. */
  public static final String CLASSES_PRESENT = "classes_present";

  public static final String SKIPPED_ROWS = "skipped_nonfinite_rows";
  public static final String NC1 = "nc1";
  public static final String NC1_RANK = "nc1_rank";
  public static final String NC1_QUOTIENT = "nc1_quotient";
  public static final String EQUINORM_MEANS = "nc2_equinorm_means";
  public static final String ETF_DISTANCE_MEANS = "nc2_etf_distance_means";
  public static final String COHERENCE_MEANS = "nc2_coherence_means";
  public static final String EQUINORM_CLASSIFIER = "nc2_equinorm_classifier";
  public static final String ETF_DISTANCE_CLASSIFIER = "nc2_etf_distance_classifier";
  public static final String COHERENCE_CLASSIFIER = "nc2_coherence_classifier";
  public static final String SELF_DUALITY = "nc3_self_duality";
  public static final String NCC_MISMATCH = "nc4_ncc_mismatch";
  public static final String CDNV = "cdnv";

  private NcMetrics() {}

  /**
   * @param classifier the classifier on these features, or null
   * @param balanced global mean = mean of class means instead of mean of all examples
   * @param rankTolerance singular values of M̃ at or below this fraction of the largest are dropped
   *     from NC1's pseudo-inverse
   */
  public static Map<String, Double> compute(
      ClassMoments moments, ClassifierWeights classifier, boolean balanced, double rankTolerance) {
    return compute(moments, CentredMeans.of(moments, balanced), classifier, rankTolerance);
  }

  static Map<String, Double> compute(
      ClassMoments moments,
      CentredMeans means,
      ClassifierWeights classifier,
      double rankTolerance) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(CLASSES_PRESENT, (double) means.size());
    if (moments.skippedRows() > 0) {
      metrics.put(SKIPPED_ROWS, (double) moments.skippedRows());
    }
    if (means.size() < 2) {
      return metrics; // no between-class structure to measure
    }
    Nc1 nc1 = Nc1.of(moments, means, rankTolerance);
    putDefined(metrics, NC1, nc1.value());
    metrics.put(NC1_RANK, (double) nc1.rank());
    putDefined(metrics, NC1_QUOTIENT, nc1.quotient());

    double[][] centred = means.centred();
    putDefined(metrics, EQUINORM_MEANS, SimplexGeometry.equinorm(centred));
    putDefined(metrics, ETF_DISTANCE_MEANS, SimplexGeometry.etfDistance(centred));
    putDefined(metrics, COHERENCE_MEANS, SimplexGeometry.coherence(centred));
    if (classifier != null) {
      double[][] rows = classifierRows(classifier, moments, means.classes());
      putDefined(metrics, EQUINORM_CLASSIFIER, SimplexGeometry.equinorm(rows));
      putDefined(metrics, ETF_DISTANCE_CLASSIFIER, SimplexGeometry.etfDistance(rows));
      putDefined(metrics, COHERENCE_CLASSIFIER, SimplexGeometry.coherence(rows));
      putDefined(metrics, SELF_DUALITY, SelfDuality.distance(rows, centred));
    }
    putDefined(metrics, CDNV, Cdnv.of(moments, means));
    return metrics;
  }

  /** Puts the value unless it is NaN, this code's mark for "does not apply to this data". */
  static void putDefined(Map<String, Double> metrics, String name, double value) {
    if (!Double.isNaN(value)) {
      metrics.put(name, value);
    }
  }

  /** The rows w_c of W for the given classes. */
  private static double[][] classifierRows(
      ClassifierWeights classifier, ClassMoments moments, int[] classes) {
    int k = moments.numClasses();
    int d = moments.dim();
    if (classifier.numClasses() != k
        || classifier.dim() != d
        || classifier.weights().length != (long) k * d) {
      throw new IllegalArgumentException(
          "classifier weights are "
              + classifier.numClasses()
              + "x"
              + classifier.dim()
              + " ("
              + classifier.weights().length
              + " values) but the features have K="
              + k
              + ", d="
              + d);
    }
    double[][] rows = new double[classes.length][];
    for (int a = 0; a < classes.length; a++) {
      rows[a] = new double[d];
      System.arraycopy(classifier.weights(), classes[a] * d, rows[a], 0, d);
    }
    return rows;
  }
}
