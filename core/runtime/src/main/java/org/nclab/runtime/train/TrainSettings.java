package org.nclab.runtime.train;

import java.util.List;
import org.nclab.api.options.Options;
import org.nclab.runtime.optim.AdamOptimizer;
import org.nclab.runtime.optim.LearningRateSchedule;
import org.nclab.runtime.optim.Optimizer;
import org.nclab.runtime.optim.SgdOptimizer;

/** The {@code [train]} table, typed. */
public record TrainSettings(
    int epochs,
    int batchSize,
    int evalBatchSize,
    String optimizer,
    double learningRate,
    double momentum,
    boolean nesterov,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    String schedule,
    double warmupEpochs,
    List<Integer> stepEpochs,
    double stepGamma,
    int logEverySteps,
    boolean skipNonFinite) {

  public static TrainSettings from(Options train) {
    return new TrainSettings(
        train.getInt("epochs"),
        train.getInt("batch_size"),
        train.getInt("eval_batch_size"),
        train.getString("optimizer"),
        train.getDouble("learning_rate"),
        train.getDouble("momentum"),
        train.getBool("nesterov"),
        train.getDouble("weight_decay"),
        train.getDouble("beta1"),
        train.getDouble("beta2"),
        train.getDouble("epsilon"),
        train.getString("schedule"),
        train.getDouble("warmup_epochs"),
        train.getIntList("step_epochs"),
        train.getDouble("step_gamma"),
        train.getInt("log_every_steps"),
        train.getString("on_nonfinite").equals("skip"));
  }

  /** These settings for a run of {@code newEpochs} epochs in batches of {@code newBatchSize}. */
  public TrainSettings withLength(int newEpochs, int newBatchSize) {
    return new TrainSettings(
        newEpochs, newBatchSize, evalBatchSize, optimizer, learningRate, momentum, nesterov, weightDecay, beta1,
        beta2, epsilon, schedule, warmupEpochs, stepEpochs, stepGamma, logEverySteps, skipNonFinite);
  }

  public Optimizer buildOptimizer() {
    return switch (optimizer) {
      case "sgd" -> new SgdOptimizer(momentum, nesterov, weightDecay);
      case "adam" -> new AdamOptimizer(beta1, beta2, epsilon, 0);
      case "adamw" -> new AdamOptimizer(beta1, beta2, epsilon, weightDecay);
      default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'");
    };
  }

  public LearningRateSchedule learningRateSchedule() {
    return new LearningRateSchedule(schedule, learningRate, warmupEpochs, epochs, stepEpochs, stepGamma);
  }
}
