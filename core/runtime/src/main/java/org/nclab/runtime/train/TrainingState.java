package org.nclab.runtime.train;

import org.tensorflow.Session;

/**
 * Where training stands, as listeners see it. Mutated only by the {@link Trainer} on its thread.
 */
public final class TrainingState {
  private final Session session;
  private final int totalEpochs;
  private int epoch;
  private long step;
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
   * Asks the loop to stop after the current step; it then finishes cleanly (listeners'
   * {@code onTrainEnd} runs). Safe to call from any thread, e.g. a signal handler.
   */
  public void requestStop() {
    stopRequested = true;
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  void startEpoch(int epoch) {
    this.epoch = epoch;
  }

  void advanceTo(int epoch, long step) {
    this.epoch = epoch;
    this.step = step;
  }

  void advanceStep() {
    step++;
  }
}
