package org.nclab.runtime.train;

/**
 * Where training starts: the beginning, or a checkpoint's position.
 *
 * @param epoch the 1-based epoch to train
 * @param batchInEpoch batches of that epoch already trained (they are skipped)
 * @param step training steps completed since the run began
 * @param skippedSteps of those, steps refused for a non-finite loss or gradient
 * @param epochSums the epoch's metric sums so far
 * @param windowSums the current log window's sums so far
 */
public record ResumePoint(
    int epoch,
    int batchInEpoch,
    long step,
    long skippedSteps,
    MetricSums epochSums,
    MetricSums windowSums) {

  public static ResumePoint start() {
    return new ResumePoint(1, 0, 0, 0, MetricSums.empty(), MetricSums.empty());
  }
}
