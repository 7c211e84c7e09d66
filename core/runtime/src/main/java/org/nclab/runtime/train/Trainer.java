package org.nclab.runtime.train;

import com.google.common.base.Stopwatch;
import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.Split;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.optim.LearningRateSchedule;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The training loop: epochs of shuffled batches through the training step, an evaluation of the
 * test split after each epoch, and listeners for everything else (progress, metrics, checkpoints).
 *
 * <p>The loop does no Java work that the session waits on: batches are made ahead by a
 * {@link BatchPrefetcher}; per step the loop only feeds ready tensors and reads back a few scalars.
 */
public final class Trainer {
  public static final String TRAIN_SPLIT = "train";
  public static final String TEST_SPLIT = "test";

  private final TrainingGraph graph;
  private final Session session;
  private final Dataset dataset;
  private final TrainSettings settings;
  private final long seed;
  private final List<TrainingListener> listeners;
  private final Ticker ticker;
  private final TrainingState state;

  public Trainer(
      TrainingGraph graph,
      Session session,
      Dataset dataset,
      TrainSettings settings,
      long seed,
      List<TrainingListener> listeners,
      Ticker ticker) {
    this.graph = graph;
    this.session = session;
    this.dataset = dataset;
    this.settings = settings;
    this.seed = seed;
    this.listeners = List.copyOf(listeners);
    this.ticker = ticker;
    this.state = new TrainingState(session, settings.epochs());
  }

  public TrainingState state() {
    return state;
  }

  /**
   * Trains epochs {@code firstEpoch..epochs} (1-based) and returns the last epoch's metrics.
   * Returns early, cleanly, when {@link TrainingState#requestStop()} was called.
   */
  public Map<String, Double> fit(int firstEpoch) {
    Split train = dataset.split(TRAIN_SPLIT);
    Split test = dataset.split(TEST_SPLIT);
    Evaluator evaluator =
        new Evaluator(session, graph.eval(), dataset.shape(), settings.evalBatchSize());
    int stepsPerEpoch = stepsPerEpoch(train.size());
    state.advanceTo(firstEpoch, (long) (firstEpoch - 1) * stepsPerEpoch);

    listeners.forEach(l -> l.onTrainStart(state));
    Map<String, Double> last = Map.of();
    for (int epoch = firstEpoch; epoch <= settings.epochs() && !state.stopRequested(); epoch++) {
      Map<String, Double> metrics = trainEpoch(epoch, EpochOrder.shuffled(train.size(), seed, epoch));
      if (state.stopRequested()) {
        break; // a partial epoch is neither evaluated nor checkpointed
      }
      EvalResult result = evaluator.evaluate(test, TEST_SPLIT);
      metrics.put("test/loss", result.loss());
      metrics.put("test/accuracy", result.accuracy());
      last = metrics;
      listeners.forEach(l -> l.onEpochEnd(state, metrics));
    }
    boolean completed = !state.stopRequested();
    listeners.forEach(l -> l.onTrainEnd(state, completed));
    return last;
  }

  /**
   * Runs the training steps of one epoch over {@code order} (which the benchmark shortens) and
   * returns the epoch's training metrics. Stops after the current step when a stop is requested.
   */
  public Map<String, Double> trainEpoch(int epoch, int[] order) {
    Split train = dataset.split(TRAIN_SPLIT);
    LearningRateSchedule schedule = settings.learningRateSchedule();
    int stepsPerEpoch = stepsPerEpoch(train.size());
    List<Operand<TFloat32>> termOutputs = new ArrayList<>(graph.lossTerms().values());
    List<String> termNames = new ArrayList<>(graph.lossTerms().keySet());

    state.startEpoch(epoch);
    int steps = stepsPerEpoch(order.length);
    listeners.forEach(l -> l.onEpochStart(state, steps));
    Stopwatch epochTime = Stopwatch.createStarted(ticker);
    RunningMeans epochMeans = new RunningMeans();
    RunningMeans window = new RunningMeans();
    Stopwatch windowTime = Stopwatch.createStarted(ticker);
    try (BatchPrefetcher batches =
        new BatchPrefetcher(
            train, dataset.shape(), dataset.numClasses(), order, settings.batchSize(), "train")) {
      int stepInEpoch = 0;
      while (batches.hasNext() && !state.stopRequested()) {
        double rate = schedule.rateAt(epoch - 1 + (double) stepInEpoch / stepsPerEpoch);
        try (Batch batch = batches.next();
            TFloat32 lr = TFloat32.scalarOf((float) rate);
            TInt64 step = TInt64.scalarOf(state.step());
            Result result = runStep(batch, lr, step, termOutputs)) {
          double loss = ((TFloat32) result.get(0)).getFloat();
          Map<String, Double> stepMetrics = new LinkedHashMap<>();
          stepMetrics.put("train/loss", loss);
          stepMetrics.put("train/accuracy", (double) ((TFloat32) result.get(1)).getFloat() / batch.size());
          for (int t = 0; t < termNames.size(); t++) {
            stepMetrics.put(termNames.get(t), (double) ((TFloat32) result.get(2 + t)).getFloat());
          }
          epochMeans.add(stepMetrics, batch.size());
          window.add(stepMetrics, batch.size());
          state.advanceStep();
          stepInEpoch++;
          listeners.forEach(l -> l.onStep(state, loss, batch.size()));
        }
        if (state.step() % settings.logEverySteps() == 0) {
          Map<String, Double> logged = window.means();
          logged.put("train/learning_rate", rate);
          logged.put("train/images_per_second", perSecond(window.examples(), windowTime));
          listeners.forEach(l -> l.onStepsLogged(state, logged));
          window = new RunningMeans();
          windowTime = Stopwatch.createStarted(ticker);
        }
      }
    }
    double trainSeconds = epochTime.elapsed(TimeUnit.NANOSECONDS) / 1e9;
    Map<String, Double> metrics = epochMeans.means();
    metrics.put("train/images_per_second", epochMeans.examples() / trainSeconds);
    metrics.put("train/learning_rate", schedule.rateAt(epoch));
    metrics.put("train/epoch_seconds", trainSeconds);
    return metrics;
  }

  private int stepsPerEpoch(int examples) {
    return (examples + settings.batchSize() - 1) / settings.batchSize();
  }

  private Result runStep(Batch batch, TFloat32 lr, TInt64 step, List<Operand<TFloat32>> termOutputs) {
    Session.Runner runner =
        session
            .runner()
            .feed(graph.train().images(), batch.images())
            .feed(graph.train().labels(), batch.labels())
            .feed(graph.learningRate(), lr)
            .feed(graph.step(), step)
            .addTarget(graph.trainStep())
            .fetch(graph.objective())
            .fetch(graph.train().correct());
    termOutputs.forEach(runner::fetch);
    return runner.run();
  }

  private static double perSecond(long count, Stopwatch stopwatch) {
    double seconds = stopwatch.elapsed(TimeUnit.NANOSECONDS) / 1e9;
    return seconds > 0 ? count / seconds : 0;
  }

  /** Example-weighted means of step metrics, in float64. */
  private static final class RunningMeans {
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private long examples;

    void add(Map<String, Double> values, int weight) {
      values.forEach((k, v) -> sums.computeIfAbsent(k, x -> new double[1])[0] += v * weight);
      examples += weight;
    }

    long examples() {
      return examples;
    }

    Map<String, Double> means() {
      Map<String, Double> out = new LinkedHashMap<>();
      sums.forEach((k, v) -> out.put(k, examples == 0 ? Double.NaN : v[0] / examples));
      return out;
    }
  }
}
