package org.nclab.bench;

import com.google.common.base.Ticker;
import com.google.common.math.Quantiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.data.DatasetSource;
import org.nclab.runtime.data.PngExport;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.train.BatchPrefetcher;
import org.nclab.runtime.train.EpochOrder;
import org.nclab.runtime.train.Trainer;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * What {@code nclab bench-data} measures, on a folder of PNG files made from a config's training
 * images:
 *
 * <ol>
 *   <li>decoding: opening {@code image-folder} with no cache (every PNG decoded on the worker pool
 *       and written to the decoded cache), and opening it again with the cache, in images/s;
 *   <li>batching: one pass of ready batch tensors (what the trainer's prefetcher makes) over the
 *       streamed split (memory-mapped chunks, shuffled chunk by chunk), over the same images held
 *       in memory, and over the config's own dataset;
 *   <li>training: the config's model trained on the streamed split and on the in-memory split, in
 *       alternating rounds on one graph and session, and the ratio of the medians.
 * </ol>
 *
 * Resident memory (VmRSS of this process) is printed after each phase.
 */
public final class DataBenchmark {
  private final Experiment experiment;
  private final ExtensionCatalog catalog;
  private final Path folder;
  private final int images;
  private final int memoryMb;
  private final int steps;
  private final int rounds;
  private final int warmup;

  public DataBenchmark(
      Experiment experiment,
      ExtensionCatalog catalog,
      Path folder,
      int images,
      int memoryMb,
      int steps,
      int rounds,
      int warmup) {
    this.experiment = experiment;
    this.catalog = catalog;
    this.folder = folder.toAbsolutePath().normalize();
    this.images = images;
    this.memoryMb = memoryMb;
    this.steps = steps;
    this.rounds = rounds;
    this.warmup = warmup;
  }

  /** The measured figures, images per second unless named otherwise. */
  public record Report(
      Map<String, Double> figures, double[] streamed, double[] inMemory, String title) {
    public double ratio() {
      return Quantiles.median().compute(streamed) / Quantiles.median().compute(inMemory);
    }

    public String table() {
      StringBuilder out = new StringBuilder(title).append('\n');
      figures.forEach((name, value) -> out.append(String.format("  %-52s %10.0f%n", name, value)));
      out.append(
          String.format(
              "  %-52s %10.0f   %s%n",
              "training, streamed split (median img/s)",
              Quantiles.median().compute(streamed),
              Arrays.toString(Arrays.stream(streamed).map(Math::rint).toArray())));
      out.append(
          String.format(
              "  %-52s %10.0f   %s%n",
              "training, in-memory split (median img/s)",
              Quantiles.median().compute(inMemory),
              Arrays.toString(Arrays.stream(inMemory).map(Math::rint).toArray())));
      out.append(String.format("  ratio streamed / in-memory training: %.3f%n", ratio()));
      return out.toString();
    }
  }

  public Report run(PrintStream progress) {
    Dataset source = experiment.dataset();
    ImageShape shape = source.shape();
    int batch = experiment.settings().batchSize();
    if (steps < 1 || rounds < 1 || warmup < 0 || images < batch) {
      throw new UserException(
          "--steps and --rounds must be at least 1, --warmup at least 0 and --images at least one"
              + " batch ("
              + batch
              + ")");
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    long started = System.nanoTime();
    int written =
        PngExport.export(
            source,
            Trainer.TRAIN_SPLIT,
            images,
            folder,
            Runtime.getRuntime().availableProcessors());
    progress.printf(
        "%,d PNG files in %s (%.1f s; reused when already there)%n",
        written, folder, seconds(started));
    if ((long) (steps + warmup) * batch > written) {
      throw new UserException(
          (steps + warmup)
              + " steps x batch "
              + batch
              + " exceed the "
              + written
              + " images; use fewer --steps or more --images");
    }

    deleteCache();
    long cold = System.nanoTime();
    Dataset streamed = open(shape, "stream");
    figures.put("decode PNG + write cache, cold (img/s)", written / seconds(cold));
    long warm = System.nanoTime();
    open(shape, "stream");
    figures.put("open with the decoded cache (img/s)", written / seconds(warm));
    Dataset inMemory = open(shape, "memory");
    progress.printf(
        "decoded: %.0f img/s cold, %.0f img/s opening with the cache; RSS %d MB%n",
        figures.get("decode PNG + write cache, cold (img/s)"),
        figures.get("open with the decoded cache (img/s)"),
        residentMb());

    batching(source, "warm-up"); // loads TensorFlow's native library and warms the JIT, unmeasured
    figures.put("batches from the streamed cache (img/s)", batching(streamed, "stream"));
    figures.put("batches from the same images in memory (img/s)", batching(inMemory, "memory"));
    figures.put("batches from the config's dataset (img/s)", batching(source, "source"));
    progress.printf(
        "batching: %.0f img/s streamed, %.0f in memory, %.0f from %s; RSS %d MB%n",
        figures.get("batches from the streamed cache (img/s)"),
        figures.get("batches from the same images in memory (img/s)"),
        figures.get("batches from the config's dataset (img/s)"),
        source.name(),
        residentMb());

    double[] streamedRates = new double[rounds];
    double[] memoryRates = new double[rounds];
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
      try (Session session = new Session(graph)) {
        session.run(model.initializer());
        Trainer streamTrainer = trainer(model, session, streamed);
        Trainer memoryTrainer = trainer(model, session, inMemory);
        streamTrainer.benchmarkEpoch(order(streamed, warmup, batch, 0));
        memoryTrainer.benchmarkEpoch(order(inMemory, warmup, batch, 0));
        for (int r = 0; r < rounds; r++) {
          int[] streamOrder = order(streamed, steps, batch, r + 1);
          int[] memoryOrder = order(inMemory, steps, batch, r + 1);
          // Alternate which goes first, so that a slow patch of the machine hits both alike.
          if (r % 2 == 0) {
            streamedRates[r] =
                rate(streamOrder.length, () -> streamTrainer.benchmarkEpoch(streamOrder));
            memoryRates[r] =
                rate(memoryOrder.length, () -> memoryTrainer.benchmarkEpoch(memoryOrder));
          } else {
            memoryRates[r] =
                rate(memoryOrder.length, () -> memoryTrainer.benchmarkEpoch(memoryOrder));
            streamedRates[r] =
                rate(streamOrder.length, () -> streamTrainer.benchmarkEpoch(streamOrder));
          }
          progress.printf(
              "round %d/%d: training streamed %.0f img/s, in memory %.0f img/s; RSS %d MB%n",
              r + 1, rounds, streamedRates[r], memoryRates[r], residentMb());
        }
      }
    }
    String title =
        String.format(
            "bench-data %s: %,d PNG files (%s, %d classes) in %s, memory_mb = %d, model %s, batch"
                + " %d, %d steps x %d rounds",
            experiment.config().name(),
            written,
            shape,
            source.numClasses(),
            folder,
            memoryMb,
            experiment.config().model().id(),
            batch,
            steps,
            rounds);
    return new Report(figures, streamedRates, memoryRates, title);
  }

  private Dataset open(ImageShape shape, String storage) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("path", folder.toString());
    options.put("height", (long) shape.height());
    options.put("width", (long) shape.width());
    options.put("channels", (long) shape.channels());
    options.put("resize", "none");
    options.put("test_fraction", 0.0);
    options.put("storage", storage);
    options.put("memory_mb", (long) memoryMb);
    return DatasetSource.open(catalog, "image-folder", folder.toString(), options);
  }

  /** Images/s of one full pass of batch tensors in the trainer's order, nothing trained. */
  private double batching(Dataset dataset, String name) {
    Split split = dataset.split(Trainer.TRAIN_SPLIT);
    int[] order = Arrays.copyOf(EpochOrder.forSplit(split, 1, 1), Math.min(split.size(), images));
    long start = System.nanoTime();
    try (BatchPrefetcher batches =
        new BatchPrefetcher(
            split,
            dataset.shape(),
            dataset.numClasses(),
            order,
            experiment.settings().batchSize(),
            "bench-" + name)) {
      while (batches.hasNext()) {
        batches.next().close();
      }
    }
    return order.length / seconds(start);
  }

  private Trainer trainer(TrainingGraph model, Session session, Dataset dataset) {
    return new Trainer(
        model,
        session,
        dataset,
        experiment.settings(),
        experiment.config().seed(),
        List.of(),
        Ticker.systemTicker());
  }

  private int[] order(Dataset dataset, int stepCount, int batch, int round) {
    Split split = dataset.split(Trainer.TRAIN_SPLIT);
    return Arrays.copyOf(
        EpochOrder.forSplit(split, experiment.config().seed(), round), stepCount * batch);
  }

  private void deleteCache() {
    Path cache = folder.resolve(".nclab-cache");
    if (!Files.isDirectory(cache)) {
      return;
    }
    try (Stream<Path> files = Files.walk(cache)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double rate(int count, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return count / seconds(start);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * This process's resident memory in MB (VmRSS of /proc/self/status), or -1 where there is none.
   */
  public static long residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return -1;
  }
}
