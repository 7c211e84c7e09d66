package org.nclab.runtime.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.options.Options;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.Probe;
import org.nclab.api.probe.ProbeInput;
import org.nclab.runtime.config.ExtensionUse;
import org.nclab.runtime.data.ClassBalancedSample;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Runs probes on a model's taps and splits: what {@code [[probe]]} tables ask for at epoch ends,
 * and what {@code nclab probe} asks for on a checkpoint. Features come from the evaluation pass:
 * one pass per split computes every tap the probes read (and the classifier's predictions), and
 * every probe and every pass of a probe reads them from memory ({@link TapFeatures}).
 */
public final class ProbeSuite {
  private final Session session;
  private final TrainingGraph graph;
  private final Dataset dataset;
  private final int batchSize;
  private final long seed;
  private final boolean attachClassifier;
  private final long memoryBudgetFloats;

  public ProbeSuite(
      Session session, TrainingGraph graph, Dataset dataset, int batchSize, long seed) {
    this(session, graph, dataset, batchSize, seed, true);
  }

  /**
   * @param attachClassifier false for data whose classes are not the classifier's (downstream
   *     data): the probes then get no classifier weights or predictions (no NC2 to NC4 of it)
   */
  public ProbeSuite(
      Session session,
      TrainingGraph graph,
      Dataset dataset,
      int batchSize,
      long seed,
      boolean attachClassifier) {
    this(session, graph, dataset, batchSize, seed, attachClassifier, defaultBudget());
  }

  /**
   * @param memoryBudgetFloats the most floats of tap vectors one split's probes keep in memory:
   *     within it, one evaluation pass per split computes every tap at once and the probes read
   *     them from memory; beyond it (a very large sample), every probe pass runs the model again,
   *     one tap at a time, holding one batch
   */
  ProbeSuite(
      Session session,
      TrainingGraph graph,
      Dataset dataset,
      int batchSize,
      long seed,
      boolean attachClassifier,
      long memoryBudgetFloats) {
    this.memoryBudgetFloats = memoryBudgetFloats;
    this.attachClassifier = attachClassifier;
    this.session = session;
    this.graph = graph;
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /** An eighth of the heap, in floats (750 MB of the launcher's default 6 GB on 24 GB). */
  private static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 8 / Float.BYTES;
  }

  /** One probe's metrics on one tap of one split. */
  public record Measurement(String probe, String split, String tap, Map<String, Double> metrics) {}

  /** Runs a {@code [[probe]]} table: every split and tap its common keys name. */
  public List<Measurement> measure(ExtensionUse use) {
    Options common = use.common();
    return measure(
        (Probe) use.extension(),
        use.options(),
        common.getStringList("splits"),
        common.getStringList("taps"),
        common.getInt("max_per_class"));
  }

  /**
   * @param taps tap names; empty means every block and {@code features}
   * @param maxPerClass class-balanced sample size per class; 0 for all examples
   */
  public List<Measurement> measure(
      Probe probe, Options options, List<String> splits, List<String> taps, int maxPerClass) {
    List<String> chosenTaps =
        taps.isEmpty() ? List.copyOf(graph.eval().probeTaps().keySet()) : taps;
    for (String tap : chosenTaps) {
      if (!graph.eval().probeTaps().containsKey(tap)) {
        throw new UserException(
            "probe '"
                + probe.id()
                + "': no tap '"
                + tap
                + "'; this model has "
                + graph.eval().probeTaps().keySet()
                + " (set the probe's taps to some of them)");
      }
    }
    List<Measurement> out = new ArrayList<>();
    // The classifier reads the head when there is one, else the features: only that tap gets
    // its weights and predictions (NC2-NC4 compare them with that tap's class means).
    String classifierTap = graph.eval().classifierTap();
    boolean withPredictions = attachClassifier && chosenTaps.contains(classifierTap);
    for (String splitName : splits) {
      var split = dataset.split(splitName);
      int[] indices = ClassBalancedSample.indices(split, dataset.numClasses(), maxPerClass, seed);
      TapFeatures shared =
          TapFeatures.floats(graph.eval(), chosenTaps, indices.length) <= memoryBudgetFloats
              ? TapFeatures.extract(
                  session,
                  graph.eval(),
                  chosenTaps,
                  split,
                  indices,
                  dataset.shape(),
                  batchSize,
                  dataset.numClasses(),
                  withPredictions)
              : null;
      for (String tap : chosenTaps) {
        ClassifierWeights classifier =
            withPredictions && tap.equals(classifierTap) ? classifierWeights() : null;
        ProbeInput input =
            shared != null
                ? shared.input(tap, splitName, classifier)
                : new TapFeatureStream(
                    session,
                    graph.eval(),
                    tap,
                    splitName,
                    split,
                    indices,
                    dataset.shape(),
                    batchSize,
                    dataset.numClasses(),
                    classifier);
        out.add(new Measurement(probe.id(), splitName, tap, probe.measure(options, input)));
      }
    }
    return out;
  }

  /** Metric names as logged: {@code probe/SPLIT/TAP/NAME}, e.g. {@code probe/train/block2/nc1}. */
  public static Map<String, Double> flatten(List<Measurement> measurements) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      m.metrics()
          .forEach(
              (name, value) -> out.put("probe/" + m.split() + "/" + m.tap() + "/" + name, value));
    }
    return out;
  }

  /** The classifier's current weights as W (K x d, row-major) and b, in float64. */
  private ClassifierWeights classifierWeights() {
    ModelVariable kernel = variable(ModelAssembly.CLASSIFIER + "/kernel");
    ModelVariable bias = variable(ModelAssembly.CLASSIFIER + "/bias");
    int d = (int) kernel.shape().get(0);
    int k = (int) kernel.shape().get(1);
    float[] w = new float[d * k];
    float[] b = new float[k];
    try (Result result = session.runner().fetch(kernel.read()).fetch(bias.read()).run()) {
      ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(w);
      ((TFloat32) result.get(1)).asRawTensor().data().asFloats().read(b);
    }
    double[] rows = new double[k * d];
    for (int i = 0; i < d; i++) {
      for (int c = 0; c < k; c++) {
        rows[c * d + i] = w[i * k + c]; // kernel is [d, K]; W has one row per class
      }
    }
    double[] bias64 = new double[k];
    for (int c = 0; c < k; c++) {
      bias64[c] = b[c];
    }
    return new ClassifierWeights(rows, bias64, k, d);
  }

  private ModelVariable variable(String name) {
    return graph.variables().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the model has no variable " + name));
  }
}
