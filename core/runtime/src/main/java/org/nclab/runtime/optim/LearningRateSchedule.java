package org.nclab.runtime.optim;

import java.util.List;

/**
 * The learning rate as a function of training progress, evaluated in Java every step and fed to the
 * graph, so any schedule can change it per step without rebuilding anything.
 *
 * @param kind constant, step or cosine
 * @param baseRate the peak rate
 * @param warmupEpochs linear warm-up from 0 over this many (fractional) epochs
 * @param totalEpochs length of training, for cosine
 * @param stepEpochs for step: epochs at which the rate is multiplied by {@code stepGamma}
 */
public record LearningRateSchedule(
    String kind,
    double baseRate,
    double warmupEpochs,
    double totalEpochs,
    List<Integer> stepEpochs,
    double stepGamma) {

  public LearningRateSchedule {
    stepEpochs = List.copyOf(stepEpochs);
  }

  /**
   * @param epochProgress epochs completed so far, fractional (2.5 = half-way through the third)
   */
  public double rateAt(double epochProgress) {
    if (warmupEpochs > 0 && epochProgress < warmupEpochs) {
      return baseRate * epochProgress / warmupEpochs;
    }
    switch (kind) {
      case "constant":
        return baseRate;
      case "step":
        double rate = baseRate;
        for (int boundary : stepEpochs) {
          if (epochProgress >= boundary) {
            rate *= stepGamma;
          }
        }
        return rate;
      case "cosine":
        double span = Math.max(totalEpochs - warmupEpochs, 1e-9);
        double done = Math.min(Math.max(epochProgress - warmupEpochs, 0), span) / span;
        return baseRate * 0.5 * (1 + Math.cos(Math.PI * done));
      default:
        throw new IllegalArgumentException("unknown schedule '" + kind + "'");
    }
  }
}
