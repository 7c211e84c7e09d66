package org.nclab.runtime.train;

import java.util.List;
import org.nclab.api.options.Options;
import org.nclab.runtime.optim.AdamOptimizer;
import org.nclab.runtime.optim.LearningRateSchedule;
import org.nclab.runtime.optim.Optimizer;
import org.nclab.runtime.optim.SgdOptimizer;

/**
 * The {@code [train]} table, typed: the loop's own settings, then the optimizer's and the learning
 * rate schedule's as parts, since each of those is read only where it is built.
 *
 * @param skipNonFinite {@code on_nonfinite = "skip"}: a step with a non-finite loss is dropped, not
 *     fatal
 */
public record TrainSettings(
    int epochs,
    int batchSize,
    int evalBatchSize,
    int logEverySteps,
    boolean skipNonFinite,
    OptimizerSettings optimizer,
    Schedule schedule) {

  /** {@code optimizer} (sgd, adam, adamw) and the keys it reads. */
  public record OptimizerSettings(
      String name,
      double momentum,
      boolean nesterov,
      double weightDecay,
      double beta1,
      double beta2,
      double epsilon) {

    public Optimizer build() {
      return switch (name) {
        case "sgd" -> new SgdOptimizer(momentum, nesterov, weightDecay);
        case "adam" -> new AdamOptimizer(beta1, beta2, epsilon, 0);
        case "adamw" -> new AdamOptimizer(beta1, beta2, epsilon, weightDecay);
        default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'");
      };
    }
  }

  /** {@code schedule} (its name), the peak learning rate and the keys the schedules read. */
  public record Schedule(
      String name,
      double learningRate,
      double warmupEpochs,
      List<Integer> stepEpochs,
      double stepGamma) {

    public LearningRateSchedule build(int epochs) {
      return new LearningRateSchedule(
          name, learningRate, warmupEpochs, epochs, stepEpochs, stepGamma);
    }
  }

  public static TrainSettings from(Options train) {
    return new TrainSettings(
        train.getInt("epochs"),
        train.getInt("batch_size"),
        train.getInt("eval_batch_size"),
        train.getInt("log_every_steps"),
        train.getString("on_nonfinite").equals("skip"),
        new OptimizerSettings(
            train.getString("optimizer"),
            train.getDouble("momentum"),
            train.getBool("nesterov"),
            train.getDouble("weight_decay"),
            train.getDouble("beta1"),
            train.getDouble("beta2"),
            train.getDouble("epsilon")),
        new Schedule(
            train.getString("schedule"),
            train.getDouble("learning_rate"),
            train.getDouble("warmup_epochs"),
            train.getIntList("step_epochs"),
            train.getDouble("step_gamma")));
  }

  /** These settings for a run of {@code newEpochs} epochs in batches of {@code newBatchSize}. */
  public TrainSettings withLength(int newEpochs, int newBatchSize) {
    return new TrainSettings(
        newEpochs, newBatchSize, evalBatchSize, logEverySteps, skipNonFinite, optimizer, schedule);
  }

  public Optimizer buildOptimizer() {
    return optimizer.build();
  }

  public LearningRateSchedule learningRateSchedule() {
    return schedule.build(epochs);
  }
}
