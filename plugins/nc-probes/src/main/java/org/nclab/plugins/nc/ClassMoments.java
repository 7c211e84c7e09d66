package org.nclab.plugins.nc;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What the NC metrics are computed from, finished from {@link NcStatistics}: per class its count,
 * mean and within-class sum of squared distances, and the pooled within-class scatter.
 *
 * <p>A class with no examples has count 0 and no mean; the metrics use the classes present.
 */
public final class ClassMoments {
  private final long[] counts;
  private final double[][] means;
  private final double[] withinSquaredDistances;
  private final double[][] withinScatter;
  private final long skippedRows;

  ClassMoments(
      long[] counts,
      double[][] means,
      double[] withinSquaredDistances,
      double[][] withinScatter,
      long skippedRows) {
    this.counts = counts;
    this.means = means;
    this.withinSquaredDistances = withinSquaredDistances;
    this.withinScatter = withinScatter;
    this.skippedRows = skippedRows;
  }

  public int numClasses() {
    return counts.length;
  }

  public int dim() {
    return withinScatter.length;
  }

  /** n_c, the examples of class c that were added. */
  public long count(int c) {
    return counts[c];
  }

  /** N = Σ_c n_c. */
  public long total() {
    return Arrays.stream(counts).sum();
  }

  /** The classes with at least one example, ascending. */
  public int[] presentClasses() {
    return IntStream.range(0, counts.length).filter(c -> counts[c] > 0).toArray();
  }

  /** μ_c, a copy; class c must be present. */
  public double[] mean(int c) {
    if (means[c] == null) {
      throw new IllegalArgumentException("class " + c + " has no examples, hence no mean");
    }
    return means[c].clone();
  }

  /** Σ_{x in c} ‖x − μ_c‖²; n_c·σ_c² in CDNV's terms. */
  public double withinSquaredDistance(int c) {
    return withinSquaredDistances[c];
  }

  /**
   * Σ_c Σ_{x in c} (x − μ_c)(x − μ_c)ᵀ, d×d, symmetric; N·Σ_W. The array itself, not a copy (it is
   * large): do not change it.
   */
  double[][] withinScatter() {
    return withinScatter;
  }

  /** Σ_W = withinScatter / N, a copy. */
  public double[][] withinCovariance() {
    long n = total();
    double[][] out = new double[withinScatter.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = withinScatter[i].clone();
      Vectors.scale(out[i], n == 0 ? 0 : 1.0 / n);
    }
    return out;
  }

  /** Rows that had a non-finite value and were left out of every statistic. */
  public long skippedRows() {
    return skippedRows;
  }
}
