package org.nclab.plugins.nc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.nclab.api.probe.FeatureBatch;

/**
 * Test data: N rows of d float features with labels (and optionally predictions), streamed as
 * {@link FeatureBatch}es the way the runtime does.
 */
record LabelledFeatures(
    float[] features, int[] labels, int[] predictions, int dim, int numClasses) {

  int size() {
    return labels.length;
  }

  double value(int row, int k) {
    return features[row * dim + k];
  }

  /** Batches of {@code batchSize} rows, in order. */
  void forEachBatch(int batchSize, Consumer<FeatureBatch> consumer) {
    for (int start = 0; start < size(); start += batchSize) {
      consumer.accept(batch(start, Math.min(size(), start + batchSize)));
    }
  }

  /** Rows [from, to) as one batch (copies, as a runtime buffer would be). */
  FeatureBatch batch(int from, int to) {
    float[] f = Arrays.copyOfRange(features, from * dim, to * dim);
    int[] l = Arrays.copyOfRange(labels, from, to);
    int[] p = predictions == null ? null : Arrays.copyOfRange(predictions, from, to);
    return new FeatureBatch(f, l, p, to - from, dim);
  }

  NcStatistics statistics(int batchSize) {
    NcStatistics statistics = new NcStatistics(numClasses, dim);
    forEachBatch(batchSize, statistics::add);
    return statistics;
  }

  LabelledFeatures withPredictions(int[] newPredictions) {
    return new LabelledFeatures(features, labels, newPredictions, dim, numClasses);
  }

  LabelledFeatures withFeatures(float[] newFeatures) {
    return new LabelledFeatures(newFeatures, labels, predictions, dim, numClasses);
  }

  /** The same rows declared with more classes (the extra ones get no examples). */
  LabelledFeatures withNumClasses(int newNumClasses) {
    return new LabelledFeatures(features, labels, predictions, dim, newNumClasses);
  }

  /** Builds data row by row. */
  static final class Builder {
    private final int dim;
    private final int numClasses;
    private final List<double[]> rows = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();

    Builder(int dim, int numClasses) {
      this.dim = dim;
      this.numClasses = numClasses;
    }

    Builder add(int label, double... row) {
      if (row.length != dim) {
        throw new IllegalArgumentException("row of " + row.length + " values, d=" + dim);
      }
      rows.add(row);
      labels.add(label);
      return this;
    }

    LabelledFeatures build() {
      float[] f = new float[rows.size() * dim];
      for (int r = 0; r < rows.size(); r++) {
        for (int k = 0; k < dim; k++) {
          f[r * dim + k] = (float) rows.get(r)[k];
        }
      }
      int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
      return new LabelledFeatures(f, l, null, dim, numClasses);
    }
  }

  /**
   * Gaussian classes: class c has {@code counts[c]} rows μ_c + L z, z ~ N(0, I), with means of
   * spread {@code meanScale} and L with entries of size {@code noise}/√d; rows shuffled.
   */
  static LabelledFeatures gaussian(
      long seed, int dim, int[] counts, double meanScale, double noise) {
    Random random = new Random(seed);
    double[][] means = new double[counts.length][dim];
    for (double[] mean : means) {
      for (int j = 0; j < dim; j++) {
        mean[j] = meanScale * random.nextGaussian();
      }
    }
    double[][] mixing = new double[dim][dim];
    for (double[] row : mixing) {
      for (int j = 0; j < dim; j++) {
        row[j] = noise * random.nextGaussian() / Math.sqrt(dim);
      }
    }
    return sample(random, means, mixing, counts);
  }

  /** Rows μ_c + L z for the given means and L, {@code counts[c]} per class, shuffled. */
  static LabelledFeatures sample(Random random, double[][] means, double[][] mixing, int[] counts) {
    int dim = means[0].length;
    int total = Arrays.stream(counts).sum();
    int[] labels = new int[total];
    int next = 0;
    for (int c = 0; c < counts.length; c++) {
      for (int i = 0; i < counts[c]; i++) {
        labels[next++] = c;
      }
    }
    for (int i = total - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    float[] features = new float[total * dim];
    double[] z = new double[dim];
    for (int r = 0; r < total; r++) {
      for (int j = 0; j < dim; j++) {
        z[j] = random.nextGaussian();
      }
      for (int i = 0; i < dim; i++) {
        double value = means[labels[r]][i];
        for (int j = 0; j < dim; j++) {
          value += mixing[i][j] * z[j];
        }
        features[r * dim + i] = (float) value;
      }
    }
    return new LabelledFeatures(features, labels, null, dim, counts.length);
  }

  static int[] equalCounts(int numClasses, int perClass) {
    int[] counts = new int[numClasses];
    Arrays.fill(counts, perClass);
    return counts;
  }
}
