package org.nclab.runtime.train;

import java.util.Map;

/**
 * Hooks into the training loop. Every method is a no-op by default, so a listener overrides only
 * what it needs (like a Keras callback). Listeners run on the training thread between steps; keep
 * them cheap or hand work to another thread.
 */
public interface TrainingListener {

  default void onTrainStart(TrainingState state) {}

  /** After every {@code log_every_steps} steps with the running means since the last call. */
  default void onStepsLogged(TrainingState state, Map<String, Double> metrics) {}

  /** After each step, with the step's loss; for progress displays. */
  default void onStep(TrainingState state, double loss, int batchSize) {}

  default void onEpochStart(TrainingState state, int stepsInEpoch) {}

  /**
   * Work between training steps that a person waits for: {@code phase} is one of {@link
   * TrainingState#EVALUATE}, {@link TrainingState#PROBE} or {@link TrainingState#CHECKPOINT},
   * {@code done} of {@code total} units finished (0 when it starts). For progress displays.
   */
  default void onPhase(TrainingState state, String phase, long done, long total) {}

  /** After each epoch's evaluation; {@code metrics} holds train and test figures. */
  default void onEpochEnd(TrainingState state, Map<String, Double> metrics) {}

  /** Once, also when training stops early; {@code completed} is false after a stop request. */
  default void onTrainEnd(TrainingState state, boolean completed) {}
}
