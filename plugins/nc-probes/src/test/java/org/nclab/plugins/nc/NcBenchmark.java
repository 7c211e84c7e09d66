package org.nclab.plugins.nc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.nclab.api.options.Options;
import org.nclab.api.probe.ClassifierWeights;
import org.nclab.api.probe.FeatureBatch;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat64;

/**
 * The benchmark, run by {@code scripts/bench-nc.sh}: NC metrics of N = 60,000 precomputed
 * features, d = 512, K = 10 (Gaussian classes), in batches of 1000. Every variant runs once per
 * repetition, variants alternated so that load from other users of the machine spreads over all of
 * them; medians are printed. Not a test: timings on shared machines are for people to read.
 *
 * <p>Arguments (all optional): {@code reps=5 n=60000 d=512 k=10 batch=1000 naive=true tf=true}.
 */
public final class NcBenchmark {
  private final int n;
  private final int dim;
  private final int numClasses;
  private final LabelledFeatures data;
  private final ClassifierWeights classifier;
  private final ArrayProbeInput input;
  private final List<FeatureBatch> batches;

  private NcBenchmark(int n, int dim, int numClasses, int batchSize) {
    this.n = n;
    this.dim = dim;
    this.numClasses = numClasses;
    Random random = new Random(2212_12206L);
    this.data = isotropicClasses(random, n, dim, numClasses);
    this.classifier = noisyMeansClassifier(random, data);
    this.input =
        new ArrayProbeInput(data.withPredictions(argmax(classifier, data)), classifier, batchSize);
    this.batches = input.batches();
  }

  public static void main(String[] args) {
    Map<String, String> arguments =
        new LinkedHashMap<>(
            Map.of(
                "reps", "5", "n", "60000", "d", "512", "k", "10", "batch", "1000", "naive", "true",
                "tf", "true"));
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      if (pair.length != 2 || !arguments.containsKey(pair[0])) {
        throw new IllegalArgumentException(
            "expected key=value with a key in " + arguments.keySet() + ", got " + arg);
      }
      arguments.put(pair[0], pair[1]);
    }
    int reps = Integer.parseInt(arguments.get("reps"));
    int batchSize = Integer.parseInt(arguments.get("batch"));
    NcBenchmark benchmark =
        new NcBenchmark(
            Integer.parseInt(arguments.get("n")),
            Integer.parseInt(arguments.get("d")),
            Integer.parseInt(arguments.get("k")),
            batchSize);
    benchmark.run(
        reps,
        batchSize,
        Boolean.parseBoolean(arguments.get("naive")),
        Boolean.parseBoolean(arguments.get("tf")));
  }

  private void run(int reps, int batchSize, boolean naive, boolean tf) {
    int processors = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "nc-probes benchmark: N=%d d=%d K=%d batch=%d, %d repetitions alternated, %d processors,"
            + " Java %s%n",
        n,
        dim,
        numClasses,
        batchSize,
        reps,
        processors,
        System.getProperty("java.version"));
    System.out.println("load average before: " + loadAverage());
    Map<String, double[]> seconds = new LinkedHashMap<>();
    Map<String, Double> probeMetrics = null;
    double naiveNc1 = Double.NaN;
    for (int rep = 0; rep < reps; rep++) {
      NcStatistics statistics =
          time(seconds, "accumulate, all threads", rep, reps, () -> accumulate(0));
      time(seconds, "accumulate, 1 thread", rep, reps, () -> accumulate(1));
      time(
          seconds,
          "finish + first-pass metrics",
          rep,
          reps,
          () -> NcMetrics.compute(statistics.moments(), classifier, false, 1e-10));
      time(seconds, "NC4 pass (nearest class centre)", rep, reps, () -> nc4Pass(statistics));
      probeMetrics =
          time(
              seconds,
              "probe end to end (both passes)",
              rep,
              reps,
              () -> new NcProbe().measure(defaults(), input));
      if (tf) {
        time(
            seconds,
            "alternative: TF float64 MatMul accumulate",
            rep,
            reps,
            this::tensorFlowAccumulate);
      }
      if (naive) {
        naiveNc1 =
            time(
                seconds,
                "naive two-pass, d x d pinv (NC1 only)",
                rep,
                reps,
                () -> new DirectNc(data, false).nc1());
      }
    }
    System.out.println("load average after: " + loadAverage());
    System.out.printf(Locale.ROOT, "%-44s %9s %9s %9s%n", "variant", "median s", "min s", "max s");
    seconds.forEach(
        (name, times) -> {
          double[] sorted = times.clone();
          Arrays.sort(sorted);
          System.out.printf(
              Locale.ROOT,
              "%-44s %9.3f %9.3f %9.3f%n",
              name,
              median(sorted),
              sorted[0],
              sorted[sorted.length - 1]);
        });
    double accumulate = median(seconds.get("accumulate, all threads"));
    double single = median(seconds.get("accumulate, 1 thread"));
    double finish = median(seconds.get("finish + first-pass metrics"));
    System.out.printf(
        Locale.ROOT,
        "accumulate throughput: %,.0f examples/s (all threads), %,.0f examples/s (1 thread)%n",
        n / accumulate,
        n / single);
    System.out.printf(
        Locale.ROOT,
        "NC1 + first-pass metrics (accumulate + finish): %.3f s median (target <= 1 s)%n",
        accumulate + finish);
    System.out.printf(
        Locale.ROOT,
        "probe end to end: %.3f s median%n",
        median(seconds.get("probe end to end (both passes)")));
    System.out.printf(
        Locale.ROOT,
        "nc1 = %.12g (rank %.0f)%n",
        probeMetrics.get(NcMetrics.NC1),
        probeMetrics.get(NcMetrics.NC1_RANK));
    if (naive) {
      double naiveSeconds = median(seconds.get("naive two-pass, d x d pinv (NC1 only)"));
      System.out.printf(
          Locale.ROOT,
          "naive nc1 = %.12g, relative difference %.1e; naive / nc-probes (accumulate + finish)"
              + " = %.1fx%n",
          naiveNc1,
          Math.abs(naiveNc1 - probeMetrics.get(NcMetrics.NC1)) / naiveNc1,
          naiveSeconds / (accumulate + finish));
    }
  }

  private NcStatistics accumulate(int threads) {
    try (KernelThreads kernelThreads = KernelThreads.of(threads)) {
      NcStatistics statistics = new NcStatistics(numClasses, dim, kernelThreads);
      batches.forEach(statistics::add);
      return statistics;
    }
  }

  private double nc4Pass(NcStatistics statistics) {
    NearestClassCentre ncc = new NearestClassCentre(CentredMeans.of(statistics.moments(), false));
    batches.forEach(ncc::add);
    return ncc.mismatchRate();
  }

  /** Xᵀ X per batch in a TensorFlow float64 MatMul (no symmetric product there), summed in Java. */
  private double[] tensorFlowAccumulate() {
    double[] total = new double[dim * dim];
    double[] part = new double[dim * dim];
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat64> rows = tf.placeholder(TFloat64.class);
      Operand<TFloat64> product = tf.linalg.matMul(rows, rows, MatMul.transposeA(true));
      try (Session session = new Session(graph)) {
        for (FeatureBatch batch : batches) {
          double[] values = new double[batch.size() * dim];
          for (int k = 0; k < values.length; k++) {
            values[k] = batch.features()[k];
          }
          Shape shape = Shape.of(batch.size(), dim);
          try (TFloat64 fed = TFloat64.tensorOf(shape, DataBuffers.of(values, true, false));
              Result result = session.runner().feed(rows, fed).fetch(product).run()) {
            ((TFloat64) result.get(0)).asRawTensor().data().asDoubles().read(part);
          }
          Vectors.addTo(total, part);
        }
      }
    }
    return total;
  }

  private Options defaults() {
    NcProbe probe = new NcProbe();
    return Options.withDefaults("probe 'nc'", probe.options(), Map.of());
  }

  /** Linux's 1, 5 and 15 minute load averages: how busy the shared machine was. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Runs the task, records its seconds under {@code name}, returns what it returned. */
  private static <T> T time(
      Map<String, double[]> seconds, String name, int rep, int reps, Supplier<T> task) {
    long start = System.nanoTime();
    T result = task.get();
    double elapsed = (System.nanoTime() - start) / 1e9;
    seconds.computeIfAbsent(name, key -> new double[reps])[rep] = elapsed;
    return result;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Class c: μ_c + z with μ_c ~ N(0, 0.04·I) and z ~ N(0, I); labels uniform at random. */
  private static LabelledFeatures isotropicClasses(Random random, int n, int dim, int k) {
    double[][] means = new double[k][dim];
    for (double[] mean : means) {
      for (int j = 0; j < dim; j++) {
        mean[j] = 0.2 * random.nextGaussian();
      }
    }
    int[] labels = new int[n];
    float[] features = new float[n * dim];
    for (int r = 0; r < n; r++) {
      labels[r] = random.nextInt(k);
      for (int j = 0; j < dim; j++) {
        features[r * dim + j] = (float) (means[labels[r]][j] + random.nextGaussian());
      }
    }
    return new LabelledFeatures(features, labels, null, dim, k);
  }

  /**
   * W = class means as rows plus noise, b_c = −‖μ_c‖²/2: without the noise, argmax (W x + b) would
   * be exactly the nearest class centre; with it, predictions mostly follow NCC.
   */
  private static ClassifierWeights noisyMeansClassifier(Random random, LabelledFeatures data) {
    int k = data.numClasses();
    int dim = data.dim();
    double[][] sums = new double[k][dim];
    long[] counts = new long[k];
    for (int r = 0; r < data.size(); r++) {
      int c = data.labels()[r];
      counts[c]++;
      for (int j = 0; j < dim; j++) {
        sums[c][j] += data.value(r, j);
      }
    }
    double[] weights = new double[k * dim];
    double[] bias = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < dim; j++) {
        double mean = sums[c][j] / counts[c];
        weights[c * dim + j] = mean + 0.05 * random.nextGaussian();
        bias[c] -= mean * mean / 2;
      }
    }
    return new ClassifierWeights(weights, bias, k, dim);
  }

  private static int[] argmax(ClassifierWeights classifier, LabelledFeatures data) {
    int dim = data.dim();
    int[] out = new int[data.size()];
    for (int r = 0; r < data.size(); r++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classifier.numClasses(); c++) {
        double logit = classifier.bias()[c];
        for (int j = 0; j < dim; j++) {
          logit += classifier.weights()[c * dim + j] * data.value(r, j);
        }
        if (logit > best) {
          best = logit;
          out[r] = c;
        }
      }
    }
    return out;
  }
}
