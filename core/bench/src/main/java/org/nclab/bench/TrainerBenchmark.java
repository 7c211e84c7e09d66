package org.nclab.bench;

import com.google.common.base.Ticker;
import com.google.common.math.Quantiles;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.Replication;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.run.Experiment;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.session.Sessions;
import org.nclab.runtime.train.EpochOrder;
import org.nclab.runtime.train.Trainer;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Training throughput of the nclab {@link Trainer} against the least a hand-written TensorFlow Java
 * loop must do (copy a batch, make two tensors, run the train step), on one graph and one session,
 * in alternating rounds so that machine noise hits both alike. Reports per-round images/s, the
 * medians and their ratio.
 */
public final class TrainerBenchmark {
  private final Experiment experiment;
  private final int steps;
  private final int rounds;
  private final int warmup;
  private final boolean handLoop;
  private final int profileSteps;

  /**
   * @param handLoop whether to alternate with the hand-written loop; without it only the trainer
   *     runs (what scripts/compare-pytorch.sh times against PyTorch)
   * @param profileSteps after the rounds, this many steps traced by TensorFlow and summed per op
   *     type ({@link StepProfile}); 0 for none
   */
  public TrainerBenchmark(
      Experiment experiment,
      int steps,
      int rounds,
      int warmup,
      boolean handLoop,
      int profileSteps) {
    this.experiment = experiment;
    this.steps = steps;
    this.rounds = rounds;
    this.warmup = warmup;
    this.handLoop = handLoop;
    this.profileSteps = profileSteps;
  }

  /**
   * Medians of images/s, and their ratio trainer / hand loop; when the config augments, also the
   * trainer without its augmentation pipeline (same model, one view), for the cost of augmenting.
   * {@code handLoop} is null when the hand loop was not run.
   */
  public record Report(
      double[] trainer,
      double[] handLoop,
      double[] withoutAugmentation,
      String profile,
      String config) {
    public double trainerMedian() {
      return Quantiles.median().compute(trainer);
    }

    public double handLoopMedian() {
      return Quantiles.median().compute(handLoop);
    }

    public double ratio() {
      return trainerMedian() / handLoopMedian();
    }

    public boolean hasHandLoop() {
      return handLoop != null;
    }

    public String table() {
      String table =
          String.format(
              "%s%n  %-28s %10s   rounds%n  %-28s %10.0f   %s%n",
              config, "loop", "median img/s", "nclab trainer", trainerMedian(), fmt(trainer));
      if (hasHandLoop()) {
        table +=
            String.format(
                "  %-28s %10.0f   %s%n", "hand-written TF loop", handLoopMedian(), fmt(handLoop));
      }
      if (withoutAugmentation != null) {
        double median = Quantiles.median().compute(withoutAugmentation);
        table +=
            String.format(
                "  %-28s %10.0f   %s%n  ratio with / without augmentation: %.3f%n",
                "trainer, no augmentation",
                median,
                fmt(withoutAugmentation),
                trainerMedian() / median);
      }
      if (hasHandLoop()) {
        table += String.format("  ratio trainer / hand loop: %.3f%n", ratio());
      }
      return profile == null ? table : table + profile;
    }

    /** Per-round rates, rounded, for the table. */
    static String fmt(double[] values) {
      return Arrays.toString(Arrays.stream(values).map(Math::rint).toArray());
    }
  }

  public Report run(PrintStream progress) {
    int batch = experiment.settings().batchSize();
    Split train = experiment.dataset().split(Trainer.TRAIN_SPLIT);
    checkCounts(experiment, steps, rounds, warmup, profileSteps);
    double[] trainerRates = new double[rounds];
    double[] handRates = handLoop ? new double[rounds] : null;
    // The comparison keeps the views (a multi-view objective needs them) and drops the pipeline.
    boolean augments = !experiment.spec().augmentations().isEmpty();
    double[] plainRates = augments ? new double[rounds] : null;
    var plainSpec = experiment.spec().withoutAugmentation();
    String profile = null;
    try (Graph graph = new Graph();
        Graph plainGraph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, experiment.spec());
      TrainingGraph plainModel = ModelAssembly.build(plainGraph, plainSpec);
      SessionSettings sessionSettings = SessionSettings.of(experiment.config());
      try (Session session = Sessions.open(graph, sessionSettings);
          Session plainSession = Sessions.open(plainGraph, sessionSettings)) {
        session.run(model.initializer());
        plainSession.run(plainModel.initializer());
        Trainer trainer = trainer(model, session);
        Trainer plainTrainer = trainer(plainModel, plainSession);
        HandLoop hand =
            new HandLoop(
                model,
                session,
                train,
                experiment.dataset().shape(),
                experiment.dataset().numClasses(),
                batch);
        trainer.benchmarkEpoch(order(train, warmup, batch, 0));
        if (handLoop) {
          hand.run(order(train, warmup, batch, 0));
        }
        if (augments) {
          plainTrainer.benchmarkEpoch(order(train, warmup, batch, 0));
        }
        for (int r = 0; r < rounds; r++) {
          int[] order = order(train, steps, batch, r + 1);
          trainerRates[r] = rate(order, () -> trainer.benchmarkEpoch(order));
          String extra = "";
          if (handLoop) {
            handRates[r] = rate(order, () -> hand.run(order));
            extra = String.format(", hand loop %.0f img/s", handRates[r]);
          }
          if (augments) {
            plainRates[r] = rate(order, () -> plainTrainer.benchmarkEpoch(order));
            extra += String.format(", trainer without augmentation %.0f img/s", plainRates[r]);
          }
          progress.printf(
              "round %d/%d: trainer %.0f img/s%s%n", r + 1, rounds, trainerRates[r], extra);
        }
        if (profileSteps > 0) {
          StepProfile traced = new StepProfile(graph);
          hand.profile(order(train, profileSteps, batch, rounds + 1), traced);
          profile = traced.table(15);
        }
      }
    }
    String title =
        String.format(
            "bench %s: model %s, batch %d%s, %d steps x %d rounds (after %d warm-up steps)",
            experiment.config().name(),
            experiment.config().model().id(),
            batch,
            replicas(experiment),
            steps,
            rounds,
            warmup);
    return new Report(trainerRates, handRates, plainRates, profile, title);
  }

  /** ", 2 replicas on CPU:0-1" when the step is split over towers, else nothing. */
  private static String replicas(Experiment experiment) {
    Replication replication = experiment.spec().replication();
    int n = replication.replicas();
    return n == 1
        ? ""
        : String.format(
            ", %d replicas on %s:0-%d%s",
            n,
            replication.gpus() ? "GPU" : "CPU",
            n - 1,
            replication.syncBatchNorm() ? ", synchronised batch norm" : "");
  }

  /** The bench flags must fit the data: a round is a prefix of one shuffled epoch. */
  static void checkCounts(Experiment experiment, int steps, int rounds, int warmup) {
    checkCounts(experiment, steps, rounds, warmup, 0);
  }

  static void checkCounts(
      Experiment experiment, int steps, int rounds, int warmup, int profileSteps) {
    int batch = experiment.settings().batchSize();
    int examples = experiment.dataset().split(Trainer.TRAIN_SPLIT).size();
    if (steps < 1 || rounds < 1 || warmup < 0 || profileSteps < 0) {
      throw new UserException(
          "--steps and --rounds must be at least 1, --warmup and --profile at least 0 (got "
              + steps
              + ", "
              + rounds
              + ", "
              + warmup
              + ", "
              + profileSteps
              + ")");
    }
    for (int count : new int[] {steps, warmup, profileSteps}) {
      if ((long) count * batch > examples) {
        throw new UserException(
            count
                + " steps x batch "
                + batch
                + " exceed the "
                + examples
                + " training examples; use fewer --steps or --warmup");
      }
    }
  }

  private Trainer trainer(TrainingGraph model, Session session) {
    return new Trainer(
        model,
        session,
        experiment.dataset(),
        experiment.settings(),
        experiment.config().seed(),
        List.of(),
        Ticker.systemTicker());
  }

  /** Images per second of one timed run over {@code order}. */
  static double rate(int[] order, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return order.length / ((System.nanoTime() - start) / 1e9);
  }

  private int[] order(Split train, int stepCount, int batch, int round) {
    return order(experiment, train, stepCount, batch, round);
  }

  /** The examples of one round: a prefix of the seeded shuffle of epoch {@code round}. */
  static int[] order(Experiment experiment, Split train, int stepCount, int batch, int round) {
    return Arrays.copyOf(
        EpochOrder.forSplit(train, experiment.config().seed(), round), stepCount * batch);
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

    HandLoop(
        TrainingGraph model,
        Session session,
        Split split,
        ImageShape shape,
        int numClasses,
        int batch) {
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
      run(order, null);
    }

    /** Runs {@code order} with TensorFlow tracing every step into {@code profile}. */
    void profile(int[] order, StepProfile profile) {
      run(order, profile);
    }

    private void run(int[] order, StepProfile profile) {
      for (int from = 0; from + batch <= order.length; from += batch) {
        Arrays.fill(labels, 0f);
        for (int i = 0; i < batch; i++) {
          split.copyImage(order[from + i], images, i * shape.size());
          labels[i * numClasses + split.label(order[from + i])] = 1f;
        }
        try (TFloat32 x =
                TFloat32.tensorOf(
                    Shape.of(batch, shape.height(), shape.width(), shape.channels()),
                    DataBuffers.of(images, true, false));
            TFloat32 y =
                TFloat32.tensorOf(
                    Shape.of(batch, numClasses), DataBuffers.of(labels, true, false));
            TFloat32 lr = TFloat32.scalarOf(0.01f);
            TInt64 step = TInt64.scalarOf(from)) {
          Session.Runner runner =
              session
                  .runner()
                  .feed(model.train().images(), x)
                  .feed(model.train().labels(), y)
                  .feed(model.learningRate(), lr)
                  .feed(model.step(), step)
                  .addTarget(model.trainStep());
          if (profile == null) {
            runner.run().close();
          } else {
            long start = System.nanoTime();
            try (Result traced =
                runner
                    .setOptions(
                        RunOptions.newBuilder()
                            .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                            .build())
                    .runAndFetchMetadata()) {
              profile.add(traced.getMetadata().orElseThrow(), System.nanoTime() - start);
            }
          }
        }
      }
    }
  }
}
