package org.nclab.runtime.run;

import java.util.Map;
import org.nclab.runtime.train.MetricSums;
import org.nclab.runtime.train.ResumePoint;
import org.nclab.runtime.train.TrainingListener;
import org.nclab.runtime.train.TrainingState;

/**
 * Writes a checkpoint every {@code everyEpochs} epochs and after the last one, and every {@code
 * everySteps} steps inside epochs (0: never). A checkpoint records where training resumes: a
 * mid-epoch one holds the epoch's metric sums so far, so a resumed run logs what an uninterrupted
 * run would.
 */
public final class CheckpointListener implements TrainingListener {
  private final Checkpoints checkpoints;
  private final int everyEpochs;
  private final int everySteps;
  private long lastSavedStep = -1;

  public CheckpointListener(Checkpoints checkpoints, int everyEpochs, int everySteps) {
    this.checkpoints = checkpoints;
    this.everyEpochs = everyEpochs;
    this.everySteps = everySteps;
  }

  @Override
  public void onStep(TrainingState state, double loss, int batchSize) {
    // The last batch of an epoch is left to the epoch-end checkpoint, which also has the
    // evaluation; resuming from a checkpoint taken just before it would redo that evaluation.
    if (everySteps > 0
        && state.step() % everySteps == 0
        && state.batchInEpoch() < state.batchesInEpoch()) {
      save(
          state,
          new Checkpoints.Metadata(state.epoch() - 1, state.step(), state.resumePoint(), Map.of()));
    }
  }

  /**
   * A stopped run (Ctrl-C, SIGTERM, a stop request) saves where it stopped, to resume exactly
   * there.
   */
  @Override
  public void onTrainEnd(TrainingState state, boolean completed) {
    // Stopped right after a checkpoint (e.g. during the next epoch's first step or right after an
    // epoch-end save): that checkpoint already is this position, with its metrics.
    if (!completed && state.step() > 0 && state.step() != lastSavedStep) {
      save(
          state,
          new Checkpoints.Metadata(state.epoch() - 1, state.step(), state.resumePoint(), Map.of()));
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    if (state.epoch() % everyEpochs == 0 || state.epoch() == state.totalEpochs()) {
      // The log window is not an epoch's: it runs on across the boundary, so its sums so far are
      // kept, or a run resumed here would log a shorter first window than an uninterrupted one.
      ResumePoint next =
          new ResumePoint(
              state.epoch() + 1,
              0,
              state.step(),
              state.skippedSteps(),
              MetricSums.empty(),
              state.windowSums());
      save(state, new Checkpoints.Metadata(state.epoch(), state.step(), next, Map.copyOf(metrics)));
    }
  }

  private void save(TrainingState state, Checkpoints.Metadata metadata) {
    state.phase(TrainingState.CHECKPOINT, 0, 1);
    checkpoints.save(state.session(), metadata);
    state.phase(TrainingState.CHECKPOINT, 1, 1);
    lastSavedStep = metadata.step();
  }
}
