package org.nclab.runtime.train;

import java.util.Map;
import org.nclab.runtime.run.Checkpoints;

/** Writes a checkpoint every {@code everyEpochs} epochs and after the last one. */
public final class CheckpointListener implements TrainingListener {
  private final Checkpoints checkpoints;
  private final int everyEpochs;

  public CheckpointListener(Checkpoints checkpoints, int everyEpochs) {
    this.checkpoints = checkpoints;
    this.everyEpochs = everyEpochs;
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    if (state.epoch() % everyEpochs == 0 || state.epoch() == state.totalEpochs()) {
      checkpoints.save(
          state.session(), new Checkpoints.Metadata(state.epoch(), state.step(), Map.copyOf(metrics)));
    }
  }
}
