package org.nclab.runtime.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.ProbeInput;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.train.Batch;
import org.nclab.runtime.train.BatchPrefetcher;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The vectors of several taps of the evaluation pass on (a sample of) one split, computed by one
 * pass over the examples and kept in memory, with the labels and, when asked for, the classifier's
 * predictions. Every probe of every tap then reads them from memory ({@link #input}) instead of
 * running the model again per tap and per pass, which is what made an epoch's probe cost several
 * evaluation passes.
 *
 * <p>The graph runs batch by batch exactly as {@link TapFeatureStream} runs it (same batches, same
 * order), and {@link #input} hands the vectors back in those same batches, so a probe computes the
 * same numbers to the last bit as it does on a {@link TapFeatureStream}.
 */
public final class TapFeatures {
  private final Map<String, float[]> vectors;
  private final Map<String, Integer> dims;
  private final int[] labels;
  private final int[] predictions;
  private final int size;
  private final int batchSize;
  private final int numClasses;

  private TapFeatures(
      Map<String, float[]> vectors,
      Map<String, Integer> dims,
      int[] labels,
      int[] predictions,
      int batchSize,
      int numClasses) {
    this.vectors = vectors;
    this.dims = dims;
    this.labels = labels;
    this.predictions = predictions;
    this.size = labels.length;
    this.batchSize = batchSize;
    this.numClasses = numClasses;
  }

  /** How many floats {@link #extract} keeps for these taps and examples. */
  public static long floats(ForwardPass pass, List<String> taps, int examples) {
    long perExample = 0;
    for (String tap : taps) {
      perExample += dim(pass, tap);
    }
    return perExample * examples;
  }

  /**
   * Runs the evaluation pass once over {@code indices} of {@code split}, in batches of {@code
   * batchSize}, fetching every tap in {@code taps} (and the predictions when {@code
   * withPredictions}) from each batch.
   *
   * @param numClasses the data's classes (labels are in [0, numClasses))
   */
  public static TapFeatures extract(
      Session session,
      ForwardPass pass,
      List<String> taps,
      Split split,
      int[] indices,
      ImageShape shape,
      int batchSize,
      int numClasses,
      boolean withPredictions) {
    int n = indices.length;
    Map<String, float[]> vectors = new LinkedHashMap<>();
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (String tap : taps) {
      int dim = dim(pass, tap);
      dims.put(tap, dim);
      vectors.put(tap, new float[Math.multiplyExact(n, dim)]);
    }
    int[] labels = new int[n];
    int[] predictions = withPredictions ? new int[n] : null;
    try (BatchPrefetcher batches =
        new BatchPrefetcher(split, shape, numClasses, indices, batchSize, "probe")) {
      int offset = 0;
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          Session.Runner runner = session.runner().feed(pass.images(), batch.images());
          for (String tap : taps) {
            runner.fetch(pass.probeTaps().get(tap));
          }
          if (withPredictions) {
            runner.fetch(pass.predictions());
          }
          try (Result result = runner.run()) {
            int rows = batch.size();
            int t = 0;
            for (String tap : taps) {
              int dim = dims.get(tap);
              ((TFloat32) result.get(t++))
                  .asRawTensor()
                  .data()
                  .asFloats()
                  .read(vectors.get(tap), offset * dim, rows * dim);
            }
            if (withPredictions) {
              ((TInt32) result.get(t))
                  .asRawTensor()
                  .data()
                  .asInts()
                  .read(predictions, offset, rows);
            }
            for (int i = 0; i < rows; i++) {
              labels[offset + i] = split.label(indices[offset + i]);
            }
            offset += rows;
          }
        }
      }
    }
    return new TapFeatures(vectors, dims, labels, predictions, batchSize, numClasses);
  }

  /** The number of examples. */
  public int size() {
    return size;
  }

  /** The width of a tap's vectors. */
  public int dim(String tap) {
    return dims.get(tap);
  }

  /** A tap's vectors, {@code size() * dim(tap)} floats, row after row (not a copy). */
  public float[] vectors(String tap) {
    return vectors.get(tap);
  }

  /** The labels, one per example (not a copy). */
  public int[] labels() {
    return labels;
  }

  /**
   * One tap as a probe's input, replayed from memory in the batches it was computed in.
   *
   * @param classifier the classifier on this tap, or null; batches carry the predictions only with
   *     it (they must have been extracted)
   */
  public ProbeInput input(String tap, String splitName, ClassifierWeights classifier) {
    if (!vectors.containsKey(tap)) {
      throw new IllegalArgumentException("tap " + tap + " was not extracted: " + dims.keySet());
    }
    if (classifier != null && predictions == null) {
      throw new IllegalArgumentException("a classifier for tap " + tap + " needs the predictions");
    }
    return new Replay(tap, splitName, classifier);
  }

  private static int dim(ForwardPass pass, String tap) {
    return (int) pass.probeTaps().get(tap).shape().get(1);
  }

  private final class Replay implements ProbeInput {
    private final String tap;
    private final String splitName;
    private final ClassifierWeights classifier;

    Replay(String tap, String splitName, ClassifierWeights classifier) {
      this.tap = tap;
      this.splitName = splitName;
      this.classifier = classifier;
    }

    @Override
    public String tap() {
      return tap;
    }

    @Override
    public String split() {
      return splitName;
    }

    @Override
    public int dim() {
      return dims.get(tap);
    }

    @Override
    public int numClasses() {
      return numClasses;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Optional<ClassifierWeights> classifier() {
      return Optional.ofNullable(classifier);
    }

    @Override
    public void forEachBatch(Consumer<FeatureBatch> consumer) {
      int dim = dim();
      float[] all = vectors.get(tap);
      // Batches are copies: a probe may not keep them, but it must not be able to change the
      // vectors that the next probe or pass reads either.
      float[] features = new float[batchSize * dim];
      int[] batchLabels = new int[batchSize];
      int[] batchPredictions = classifier != null ? new int[batchSize] : null;
      for (int offset = 0; offset < size; offset += batchSize) {
        int rows = Math.min(batchSize, size - offset);
        System.arraycopy(all, offset * dim, features, 0, rows * dim);
        System.arraycopy(labels, offset, batchLabels, 0, rows);
        if (batchPredictions != null) {
          System.arraycopy(predictions, offset, batchPredictions, 0, rows);
        }
        consumer.accept(new FeatureBatch(features, batchLabels, batchPredictions, rows, dim));
      }
    }
  }
}
