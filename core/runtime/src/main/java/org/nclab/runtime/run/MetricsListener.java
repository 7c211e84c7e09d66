package org.nclab.runtime.run;

import java.util.Map;
import org.nclab.runtime.train.TrainingListener;
import org.nclab.runtime.train.TrainingState;

/** Sends logged steps and epoch results to the run's {@link MetricsLog}. */
public final class MetricsListener implements TrainingListener {
  private final MetricsLog log;

  public MetricsListener(MetricsLog log) {
    this.log = log;
  }

  @Override
  public void onStepsLogged(TrainingState state, Map<String, Double> metrics) {
    log.record("step", state.epoch(), state.step(), metrics);
  }

  @Override
  public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
    log.record("epoch", state.epoch(), state.step(), metrics);
  }
}
