package org.nclab.plugins.nc;

import org.nclab.api.probe.FeatureBatch;

/**
 * The one-pass, mergeable float64 accumulator behind every NC metric: per class a count, a sum of
 * feature vectors and a sum of squared norms, and one d×d second moment for all classes. Memory is
 * O(d² + K·d) whatever the number of examples; {@link #moments()} turns it into class means and the
 * within-class scatter.
 *
 * <p><b>Shifted sums, for accuracy.</b> Each class c keeps a reference point r_c, its first
 * (finite) example, and sums x − r_c instead of x: counts n_c, S_c = Σ (x − r_c), q_c = Σ ‖x −
 * r_c‖², and S = Σ_c Σ_{x in c} (x − r_c)(x − r_c)ᵀ. The within-class scatter is then S − Σ_c n_c
 * δ_c δ_cᵀ with δ_c = S_c / n_c, a difference of terms of the size of the class's own spread. With
 * raw sums (Σ x xᵀ − Σ_c n_c μ_c μ_cᵀ) features far from the origin compared with their spread
 * (ReLU features, offsets) would cancel catastrophically: the relative error grows like (‖μ‖/σ)² ·
 * 1e-16. The shift costs one subtraction per value.
 *
 * <p><b>Exact merging.</b> {@link #merge} moves the other accumulator's sums to this one's
 * reference points (x − r = (x − r') + (r' − r): a rank-two update of S per class, O(K·d²) once per
 * merge) and adds. The merged statistics are what one accumulator over all the data would hold, up
 * to float64 rounding (merging changes only the order of the additions), so batches, threads or
 * machines can each accumulate their share.
 *
 * <p>Rows with a non-finite value (a diverged model) are skipped and counted, so that one bad
 * example cannot turn every metric into NaN; {@link ClassMoments#skippedRows()} reports them.
 *
 * <p>Not thread-safe: one accumulator per thread, then {@link #merge}.
 */
public final class NcStatistics {
  /** Rows shifted into the kernel's buffer before each kernel call (1 MB at d = 512). */
  static final int BLOCK_ROWS = 256;

  private final int numClasses;
  private final int dim;
  private final long[] counts;

  /** r_c, or null until class c's first finite row. */
  private final double[][] references;

  private final double[][] shiftedSums;
  private final double[] shiftedSquaredNorms;

  /** Upper triangle (j ≥ i) of S; the entries below the diagonal stay 0. */
  private final double[][] secondMoment;

  private long skippedRows;

  private final SecondMomentKernel kernel;
  private final double[][] block;

  /** An empty accumulator whose kernel runs on the calling thread. */
  public NcStatistics(int numClasses, int dim) {
    this(numClasses, dim, KernelThreads.single());
  }

  /** An empty accumulator whose kernel splits its work over {@code threads}. */
  NcStatistics(int numClasses, int dim, KernelThreads threads) {
    if (numClasses < 1 || dim < 1) {
      throw new IllegalArgumentException(
          "NC statistics need at least one class and one dimension; got K="
              + numClasses
              + ", d="
              + dim);
    }
    this.numClasses = numClasses;
    this.dim = dim;
    this.counts = new long[numClasses];
    this.references = new double[numClasses][];
    this.shiftedSums = new double[numClasses][dim];
    this.shiftedSquaredNorms = new double[numClasses];
    this.secondMoment = new double[dim][dim];
    this.kernel = new SecondMomentKernel(dim, threads);
    // BLOCK_ROWS is a multiple of ROW_GROUP, so the kernel pads a partial block inside it.
    this.block = new double[BLOCK_ROWS][dim];
  }

  public int numClasses() {
    return numClasses;
  }

  public int dim() {
    return dim;
  }

  /** Adds every row of the batch. The batch's arrays are read during this call only. */
  public void add(FeatureBatch batch) {
    checkBatch(batch);
    float[] features = batch.features();
    int[] labels = batch.labels();
    int filled = 0;
    for (int row = 0; row < batch.size(); row++) {
      int label = labels[row];
      int offset = row * dim;
      if (references[label] == null) {
        if (!isFinite(features, offset, dim)) {
          skippedRows++;
          continue;
        }
        references[label] = toDouble(features, offset, dim);
      }
      double[] shifted = block[filled];
      double squaredNorm = shift(features, offset, references[label], shifted);
      if (!Double.isFinite(squaredNorm)) {
        skippedRows++; // the slot is reused by the next row
        continue;
      }
      counts[label]++;
      shiftedSquaredNorms[label] += squaredNorm;
      Vectors.addTo(shiftedSums[label], shifted);
      if (++filled == BLOCK_ROWS) {
        kernel.accumulate(block, filled, secondMoment);
        filled = 0;
      }
    }
    kernel.accumulate(block, filled, secondMoment);
  }

  /**
   * Adds everything {@code other} has accumulated; {@code other} is left unchanged. Both must have
   * the same K and d.
   */
  public void merge(NcStatistics other) {
    if (other.numClasses != numClasses || other.dim != dim) {
      throw new IllegalArgumentException(
          "cannot merge NC statistics of K="
              + other.numClasses
              + ", d="
              + other.dim
              + " into K="
              + numClasses
              + ", d="
              + dim);
    }
    for (int i = 0; i < dim; i++) {
      Vectors.addTo(secondMoment[i], other.secondMoment[i], i);
    }
    for (int c = 0; c < numClasses; c++) {
      long n = other.counts[c];
      if (n == 0) {
        continue;
      }
      double[] otherSum = other.shiftedSums[c];
      if (references[c] == null) {
        references[c] = other.references[c].clone();
      } else {
        // Other's rows are y' = x − r'; here they are y = y' + δ with δ = r' − r. Then
        // Σ y yᵀ = Σ y'y'ᵀ + g δᵀ + δ gᵀ with g = Σ y' + (n/2) δ.
        double[] delta = Vectors.difference(other.references[c], references[c]);
        double[] g = otherSum.clone();
        Vectors.addScaled(g, n / 2.0, delta);
        addSymmetricRankTwo(g, delta);
        shiftedSquaredNorms[c] += 2 * Vectors.dot(delta, otherSum) + n * Vectors.dot(delta, delta);
        Vectors.addScaled(shiftedSums[c], n, delta);
      }
      counts[c] += n;
      shiftedSquaredNorms[c] += other.shiftedSquaredNorms[c];
      Vectors.addTo(shiftedSums[c], otherSum);
    }
    skippedRows += other.skippedRows;
  }

  /** Class means, within-class scatter and counts of what was added so far. */
  public ClassMoments moments() {
    long[] countsCopy = counts.clone();
    double[][] means = new double[numClasses][];
    double[] withinSquaredDistances = new double[numClasses];
    double[][] scatter = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      System.arraycopy(secondMoment[i], i, scatter[i], i, dim - i);
    }
    for (int c = 0; c < numClasses; c++) {
      long n = counts[c];
      if (n == 0) {
        continue;
      }
      double[] meanShift = shiftedSums[c].clone();
      Vectors.scale(meanShift, 1.0 / n);
      double[] mean = references[c].clone();
      Vectors.addTo(mean, meanShift);
      means[c] = mean;
      // Rounding may leave a class of equal rows a hair below zero; a scatter is never negative.
      withinSquaredDistances[c] =
          Math.max(0.0, shiftedSquaredNorms[c] - n * Vectors.dot(meanShift, meanShift));
      for (int i = 0; i < dim; i++) {
        double scaled = -n * meanShift[i];
        double[] row = scatter[i];
        for (int j = i; j < dim; j++) {
          row[j] = Math.fma(scaled, meanShift[j], row[j]);
        }
      }
    }
    for (int i = 0; i < dim; i++) {
      for (int j = i + 1; j < dim; j++) {
        scatter[j][i] = scatter[i][j];
      }
    }
    return new ClassMoments(countsCopy, means, withinSquaredDistances, scatter, skippedRows);
  }

  /** S += g δᵀ + δ gᵀ on the upper triangle. */
  private void addSymmetricRankTwo(double[] g, double[] delta) {
    for (int i = 0; i < dim; i++) {
      double gi = g[i];
      double di = delta[i];
      double[] row = secondMoment[i];
      for (int j = i; j < dim; j++) {
        row[j] += gi * delta[j] + di * g[j];
      }
    }
  }

  private void checkBatch(FeatureBatch batch) {
    if (batch.dim() != dim) {
      throw new IllegalArgumentException(
          "feature batch has d=" + batch.dim() + ", these statistics d=" + dim);
    }
    if (batch.size() < 0
        || batch.features().length < (long) batch.size() * dim
        || batch.labels().length < batch.size()) {
      throw new IllegalArgumentException(
          "feature batch of size "
              + batch.size()
              + " has "
              + batch.features().length
              + " features and "
              + batch.labels().length
              + " labels; expected size*d="
              + (long) batch.size() * dim
              + " and size");
    }
    for (int row = 0; row < batch.size(); row++) {
      int label = batch.labels()[row];
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException(
            "label " + label + " at row " + row + " is outside [0, " + numClasses + ")");
      }
    }
  }

  /** Writes x − r into {@code out}; returns ‖x − r‖², not finite when x has a non-finite value. */
  private static double shift(float[] features, int offset, double[] reference, double[] out) {
    double squaredNorm = 0;
    for (int k = 0; k < out.length; k++) {
      double value = features[offset + k] - reference[k];
      out[k] = value;
      squaredNorm = Math.fma(value, value, squaredNorm);
    }
    return squaredNorm;
  }

  private static boolean isFinite(float[] features, int offset, int length) {
    for (int k = 0; k < length; k++) {
      if (!Float.isFinite(features[offset + k])) {
        return false;
      }
    }
    return true;
  }

  private static double[] toDouble(float[] features, int offset, int length) {
    double[] out = new double[length];
    for (int k = 0; k < length; k++) {
      out[k] = features[offset + k];
    }
    return out;
  }
}
