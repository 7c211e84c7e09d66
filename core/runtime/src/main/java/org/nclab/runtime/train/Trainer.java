package org.nclab.runtime.train;

import com.google.common.base.Stopwatch;
import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The training loop: epochs of shuffled batches through the training step, an evaluation of the
 * test split after each epoch, and listeners for everything else (progress, metrics, checkpoints).
 *
 * <p>The loop does no Java work that the session waits on: batches are made ahead by a {@link
 * BatchPrefetcher}; per step the loop only feeds ready tensors and reads back a few scalars.
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
    state.phasesTo(
        (phase, done, total) -> this.listeners.forEach(l -> l.onPhase(state, phase, done, total)));
  }

  public TrainingState state() {
    return state;
  }

  /**
   * Trains from {@code from} to the last epoch and returns the last epoch's metrics. Returns early,
   * cleanly, when {@link TrainingState#requestStop()} was called.
   */
  public Map<String, Double> fit(ResumePoint from) {
    Split train = dataset.split(TRAIN_SPLIT);
    Split test = dataset.split(TEST_SPLIT);
    Evaluator evaluator =
        new Evaluator(session, graph.eval(), dataset.shape(), settings.evalBatchSize());
    state.resumeAt(from);

    listeners.forEach(l -> l.onTrainStart(state));
    Map<String, Double> last = Map.of();
    for (int epoch = from.epoch(); epoch <= settings.epochs() && !state.stopRequested(); epoch++) {
      int[] order = EpochOrder.forSplit(train, seed, epoch);
      Map<String, Double> metrics = trainEpoch(epoch, order);
      if (state.stopRequested()) {
        break; // a partial epoch is neither evaluated nor checkpointed at its end
      }
      state.phase(
          TrainingState.EVALUATE,
          0,
          (test.size() + settings.evalBatchSize() - 1) / settings.evalBatchSize());
      EvalResult result =
          evaluator.evaluate(
              test, TEST_SPLIT, (done, total) -> state.phase(TrainingState.EVALUATE, done, total));
      metrics.put("test/loss", result.loss());
      metrics.put("test/accuracy", result.accuracy());
      last = metrics;
      listeners.forEach(l -> l.onEpochEnd(state, metrics));
      state.startNextEpoch();
    }
    // Complete means every epoch ran, even if a stop arrived during the last evaluation.
    boolean completed = state.epoch() > settings.epochs();
    listeners.forEach(l -> l.onTrainEnd(state, completed));
    return last;
  }

  /** Trains from the beginning. */
  public Map<String, Double> fit() {
    return fit(ResumePoint.start());
  }

  /**
   * Runs the training steps of one epoch over {@code order} (which the benchmark shortens),
   * skipping the batches the state says are done, and returns the epoch's training metrics. Stops
   * after the current step when a stop is requested.
   */
  public Map<String, Double> trainEpoch(int epoch, int[] order) {
    Split train = dataset.split(TRAIN_SPLIT);
    LearningRateSchedule schedule = settings.learningRateSchedule();
    int stepsPerEpoch = stepsPerEpoch(train.size());
    List<Operand<TFloat32>> termOutputs = new ArrayList<>(graph.lossTerms().values());
    List<String> termNames = new ArrayList<>(graph.lossTerms().keySet());

    state.startEpoch(epoch, stepsPerEpoch(order.length));
    int skip = state.batchInEpoch() * settings.batchSize();
    int[] remaining = Arrays.copyOfRange(order, Math.min(skip, order.length), order.length);
    listeners.forEach(l -> l.onEpochStart(state, state.batchesInEpoch()));
    Stopwatch epochTime = Stopwatch.createStarted(ticker);
    long examplesTimed = 0;
    Stopwatch windowTime = Stopwatch.createStarted(ticker);
    long windowTimed = 0;
    try (BatchPrefetcher batches =
        new BatchPrefetcher(
            train,
            dataset.shape(),
            dataset.numClasses(),
            remaining,
            settings.batchSize(),
            "train")) {
      while (batches.hasNext() && !state.stopRequested()) {
        double rate = schedule.rateAt(epoch - 1 + (double) state.batchInEpoch() / stepsPerEpoch);
        try (Batch batch = batches.next();
            TFloat32 lr = TFloat32.scalarOf((float) rate);
            TInt64 step = TInt64.scalarOf(state.step());
            Result result = runStep(batch, lr, step, termOutputs)) {
          double loss = ((TFloat32) result.get(0)).getFloat();
          boolean finite = ((TBool) result.get(2 + termNames.size())).getBoolean();
          if (finite) {
            Map<String, Double> stepMetrics = new LinkedHashMap<>();
            stepMetrics.put("train/loss", loss);
            // With V views the graph counts correct predictions over V rows per example.
            int rows = batch.size() * graph.train().views();
            stepMetrics.put(
                "train/accuracy", (double) ((TFloat32) result.get(1)).getFloat() / rows);
            for (int t = 0; t < termNames.size(); t++) {
              stepMetrics.put(termNames.get(t), (double) ((TFloat32) result.get(2 + t)).getFloat());
            }
            state.recordStep(stepMetrics, batch.size());
          } else if (settings.skipNonFinite()) {
            state.recordSkippedStep(); // the graph's guard kept every variable as it was
          } else {
            throw new NonFiniteLossException(
                state.step() + 1, loss, firstNonFinite(result, termNames));
          }
          examplesTimed += batch.size();
          windowTimed += batch.size();
          if (state.step() % settings.logEverySteps() == 0) {
            Map<String, Double> logged = state.windowSums().means();
            logged.put("train/learning_rate", rate);
            logged.put("train/images_per_second", perSecond(windowTimed, windowTime));
            listeners.forEach(l -> l.onStepsLogged(state, logged));
            state.resetWindow();
            windowTime = Stopwatch.createStarted(ticker);
            windowTimed = 0;
          }
          listeners.forEach(l -> l.onStep(state, loss, batch.size()));
        }
      }
    }
    double trainSeconds = epochTime.elapsed(TimeUnit.NANOSECONDS) / 1e9;
    Map<String, Double> metrics = state.epochSums().means();
    metrics.put("train/images_per_second", examplesTimed / trainSeconds);
    metrics.put("train/learning_rate", schedule.rateAt(epoch));
    metrics.put("train/epoch_seconds", trainSeconds);
    metrics.put("train/skipped_steps", (double) state.skippedSteps());
    return metrics;
  }

  /**
   * One timed pass over {@code order} as the first epoch, whatever ran before: what {@code nclab
   * bench} measures. The step counter keeps counting.
   */
  public Map<String, Double> benchmarkEpoch(int[] order) {
    state.resumeAt(new ResumePoint(1, 0, state.step(), 0, MetricSums.empty(), MetricSums.empty()));
    return trainEpoch(1, order);
  }

  private int stepsPerEpoch(int examples) {
    return (examples + settings.batchSize() - 1) / settings.batchSize();
  }

  private Result runStep(
      Batch batch, TFloat32 lr, TInt64 step, List<Operand<TFloat32>> termOutputs) {
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
    runner.fetch(graph.stepFinite());
    return runner.run();
  }

  private static double perSecond(long count, Stopwatch stopwatch) {
    double seconds = stopwatch.elapsed(TimeUnit.NANOSECONDS) / 1e9;
    return seconds > 0 ? count / seconds : 0;
  }

  /**
   * The loss term that is not finite, in [[regularizer]] order ("loss/nt-xent = NaN"); empty when
   * every term is finite and only a gradient went wrong.
   */
  private static String firstNonFinite(Result result, List<String> termNames) {
    for (int t = 0; t < termNames.size(); t++) {
      float value = ((TFloat32) result.get(2 + t)).getFloat();
      if (!Float.isFinite(value)) {
        return termNames.get(t) + " = " + value;
      }
    }
    return "";
  }
}
