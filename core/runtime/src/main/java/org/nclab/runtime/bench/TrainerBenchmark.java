package org.nclab.runtime.bench;

import com.google.common.base.Ticker;
import com.google.common.math.Quantiles;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.train.EpochOrder;
import org.nclab.runtime.train.Trainer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Training throughput of the nclab {@link Trainer} against the least a hand-written TensorFlow
 * Java loop must do (copy a batch, make two tensors, run the train step), on one graph and one
 * session, in alternating rounds so that machine noise hits both alike. Reports per-round
 * images/s, the medians and their ratio.
 */
public final class TrainerBenchmark {
  private final Experiment experiment;
  private final int steps;
  private final int rounds;
  private final int warmup;

  public TrainerBenchmark(Experiment experiment, int steps, int rounds, int warmup) {
    this.experiment = experiment;
    this.steps = steps;
    this.rounds = rounds;
    this.warmup = warmup;
  }

  /**
   * Medians of images/s, and their ratio trainer / hand loop; when the config augments, also the
   * trainer without its augmentation pipeline (same model, one view), for the cost of augmenting.
   */
  public record Report(double[] trainer, double[] handLoop, double[] withoutAugmentation, String config) {
    public double trainerMedian() {
      return Quantiles.median().compute(trainer);
    }

    public double handLoopMedian() {
      return Quantiles.median().compute(handLoop);
    }

    public double ratio() {
      return trainerMedian() / handLoopMedian();
    }

    public String table() {
      String table =
          String.format(
              "%s%n  %-28s %10s   rounds%n  %-28s %10.0f   %s%n  %-28s %10.0f   %s%n",
              config,
              "loop", "median img/s",
              "nclab trainer", trainerMedian(), fmt(trainer),
              "hand-written TF loop", handLoopMedian(), fmt(handLoop));
      if (withoutAugmentation != null) {
        double median = Quantiles.median().compute(withoutAugmentation);
        table +=
            String.format(
                "  %-28s %10.0f   %s%n  ratio with / without augmentation: %.3f%n",
                "trainer, no augmentation", median, fmt(withoutAugmentation), trainerMedian() / median);
      }
      return table + String.format("  ratio trainer / hand loop: %.3f%n", ratio());
    }

    private static String fmt(double[] values) {
      return Arrays.toString(Arrays.stream(values).map(Math::rint).toArray());
    }
  }

  public Report run(PrintStream progress) {
    var settings = experiment.settings();
    int batch = settings.batchSize();
    Split train = experiment.dataset().split(Trainer.TRAIN_SPLIT);
    if (steps < 1 || rounds < 1 || warmup < 0) {
      throw new org.nclab.api.UserException(
          "--steps and --rounds must be at least 1 and --warmup at least 0 (got " + steps + ", " + rounds
              + ", " + warmup + ")");
    }
    for (int count : new int[] {steps, warmup}) {
      if ((long) count * batch > train.size()) {
        throw new org.nclab.api.UserException(
            count + " steps x batch " + batch + " exceed the " + train.size()
                + " training examples; use fewer --steps or --warmup");
      }
    }
    double[] trainerRates = new double[rounds];
    double[] handRates = new double[rounds];
    boolean augments = !experiment.spec().augmentations().isEmpty() || experiment.spec().views() > 1;
    double[] plainRates = augments ? new double[rounds] : null;
    var plainSpec = experiment.spec().withoutAugmentation();
    try (Graph graph = new Graph();
        Graph plainGraph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
      TrainingGraph plainModel = ModelAssembly.build(plainGraph, plainSpec);
      try (Session session = new Session(graph);
          Session plainSession = new Session(plainGraph)) {
        session.run(model.initializer());
        plainSession.run(plainModel.initializer());
        Trainer trainer = trainer(model, session);
        Trainer plainTrainer = trainer(plainModel, plainSession);
        HandLoop hand = new HandLoop(model, session, train, experiment.dataset().shape(), experiment.dataset().numClasses(), batch);
        trainer.benchmarkEpoch(order(train, warmup, batch, 0));
        hand.run(order(train, warmup, batch, 0));
        if (augments) {
          plainTrainer.benchmarkEpoch(order(train, warmup, batch, 0));
        }
        for (int r = 0; r < rounds; r++) {
          int[] order = order(train, steps, batch, r + 1);
          trainerRates[r] = rate(order, () -> trainer.benchmarkEpoch(order));
          handRates[r] = rate(order, () -> hand.run(order));
          String extra = "";
          if (augments) {
            plainRates[r] = rate(order, () -> plainTrainer.benchmarkEpoch(order));
            extra = String.format(", trainer without augmentation %.0f img/s", plainRates[r]);
          }
          progress.printf(
              "round %d/%d: trainer %.0f img/s, hand loop %.0f img/s%s%n", r + 1, rounds, trainerRates[r], handRates[r], extra);
        }
      }
    }
    String title =
        String.format(
            "bench %s: model %s, batch %d, %d steps x %d rounds (after %d warm-up steps)",
            experiment.config().name(), experiment.config().model().id(), batch, steps, rounds, warmup);
    return new Report(trainerRates, handRates, plainRates, title);
  }

  private Trainer trainer(TrainingGraph model, Session session) {
    return new Trainer(
        model, session, experiment.dataset(), experiment.settings(), experiment.config().seed(), List.of(), Ticker.systemTicker());
  }

  /** Images per second of one timed run over {@code order}. */
  private static double rate(int[] order, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return order.length / ((System.nanoTime() - start) / 1e9);
  }

  private int[] order(Split train, int stepCount, int batch, int round) {
    return Arrays.copyOf(EpochOrder.forSplit(train, experiment.config().seed(), round), stepCount * batch);
  }

  /** The baseline: the minimum a training loop must do per step, with nothing overlapped. */
  private static final class HandLoop {
    private final TrainingGraph model;
    private final Session session;
    private final Split split;
    private final ImageShape shape;
    private final int numClasses;
    private final float[] images;
    private final float[] labels;
    private final int batch;

    HandLoop(TrainingGraph model, Session session, Split split, ImageShape shape, int numClasses, int batch) {
      this.model = model;
      this.session = session;
      this.split = split;
      this.shape = shape;
      this.numClasses = numClasses;
      this.batch = batch;
      this.images = new float[batch * shape.size()];
      this.labels = new float[batch * numClasses];
    }

    void run(int[] order) {
      for (int from = 0; from + batch <= order.length; from += batch) {
        Arrays.fill(labels, 0f);
        for (int i = 0; i < batch; i++) {
          split.copyImage(order[from + i], images, i * shape.size());
          labels[i * numClasses + split.label(order[from + i])] = 1f;
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(batch, shape.height(), shape.width(), shape.channels()), DataBuffers.of(images, true, false));
            TFloat32 y = TFloat32.tensorOf(Shape.of(batch, numClasses), DataBuffers.of(labels, true, false));
            TFloat32 lr = TFloat32.scalarOf(0.01f);
            TInt64 step = TInt64.scalarOf(from)) {
          session
              .runner()
              .feed(model.train().images(), x)
              .feed(model.train().labels(), y)
              .feed(model.learningRate(), lr)
              .feed(model.step(), step)
              .addTarget(model.trainStep())
              .run()
              .close();
        }
      }
    }
  }
}
