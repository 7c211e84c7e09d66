package org.nclab.runtime.train;

import java.util.Map;
import org.tensorflow.Session;

/**
 * Where training stands, as listeners see it. Mutated only by the {@link Trainer} on its thread.
 */
public final class TrainingState {
  /** Phase names of {@link TrainingListener#onPhase}; training steps are {@link #TRAIN}. */
  public static final String TRAIN = "train";

  public static final String EVALUATE = "evaluate";
  public static final String PROBE = "probe";
  public static final String CHECKPOINT = "checkpoint";

  /** Where {@link #phase} goes: the trainer hands it to every listener. */
  interface PhaseSink {
    void phase(String phase, long done, long total);
  }

  private PhaseSink phases = (phase, done, total) -> {};
  private final Session session;
  private final int totalEpochs;
  private int epoch;
  private long step;
  private int batchInEpoch;
  private long skippedSteps;
  private int batchesInEpoch;
  private MetricSums epochSums = MetricSums.empty();
  private MetricSums windowSums = MetricSums.empty();
  private volatile boolean stopRequested;

  TrainingState(Session session, int totalEpochs) {
    this.session = session;
    this.totalEpochs = totalEpochs;
  }

  public Session session() {
    return session;
  }

  /** 1-based epoch being trained, or just finished in {@code onEpochEnd}. */
  public int epoch() {
    return epoch;
  }

  public int totalEpochs() {
    return totalEpochs;
  }

  /** Training steps completed since the run began. */
  public long step() {
    return step;
  }

  /**
   * Asks the loop to stop after the current step; it then finishes cleanly (listeners' {@code
   * onTrainEnd} runs). Safe to call from any thread, e.g. a signal handler.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Tells every listener how a phase between training steps stands (see {@link
   * TrainingListener#onPhase}); listeners that do such work (probes, checkpoints) call it.
   */
  public void phase(String phase, long done, long total) {
    phases.phase(phase, done, total);
  }

  void phasesTo(PhaseSink sink) {
    phases = sink;
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  /** Batches of the current epoch already trained. */
  public int batchInEpoch() {
    return batchInEpoch;
  }

  /** Batches the current epoch has in all. */
  public int batchesInEpoch() {
    return batchesInEpoch;
  }

  /** The current epoch's metric sums so far. */
  public MetricSums epochSums() {
    return epochSums;
  }

  /** The current log window's metric sums so far. */
  public MetricSums windowSums() {
    return windowSums;
  }

  /** Where a run resumed from this state would start. */
  public ResumePoint resumePoint() {
    return new ResumePoint(epoch, batchInEpoch, step, skippedSteps, epochSums, windowSums);
  }

  void resumeAt(ResumePoint point) {
    epoch = point.epoch();
    batchInEpoch = point.batchInEpoch();
    step = point.step();
    skippedSteps = point.skippedSteps();
    epochSums = point.epochSums();
    windowSums = point.windowSums();
  }

  void startEpoch(int epoch, int batches) {
    if (epoch != this.epoch) {
      this.epoch = epoch;
      batchInEpoch = 0;
      epochSums = MetricSums.empty();
    }
    batchesInEpoch = batches;
  }

  void startNextEpoch() {
    epoch++;
    batchInEpoch = 0;
    epochSums = MetricSums.empty();
  }

  void recordStep(Map<String, Double> metrics, int batchSize) {
    step++;
    batchInEpoch++;
    epochSums = epochSums.plus(metrics, batchSize);
    windowSums = windowSums.plus(metrics, batchSize);
  }

  /** Steps refused since the run began because their loss or a gradient was not finite. */
  public long skippedSteps() {
    return skippedSteps;
  }

  /** A step that ran but changed nothing: it counts as a step and consumes its batch. */
  void recordSkippedStep() {
    step++;
    batchInEpoch++;
    skippedSteps++;
  }

  void resetWindow() {
    windowSums = MetricSums.empty();
  }
}
