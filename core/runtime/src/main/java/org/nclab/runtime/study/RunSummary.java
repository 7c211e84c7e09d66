package org.nclab.runtime.study;

import java.util.List;
import java.util.Map;

/**
 * One variant's pre-training run as the study found it on disk.
 *
 * @param settings the variant's overrides, {@code key=value}
 * @param status the run's status from run.json ("finished", ...), or "missing"
 * @param sourceNc1 split (train, test) → tap → NC1 on the source data
 * @param downstreamNc1 downstream name → tap → NC1 of the frozen model on its training data
 * @param curve the run's epoch lines from metrics.jsonl
 * @param trainSeconds training time summed over epochs (wall clock: differs between machines and
 *     runs)
 */
public record RunSummary(
    String variant,
    List<String> settings,
    String run,
    String status,
    int epochs,
    Double sourceTestAccuracy,
    Map<String, Map<String, Double>> sourceNc1,
    Map<String, Map<String, Double>> downstreamNc1,
    List<EpochPoint> curve,
    Double trainSeconds) {

  /** One epoch line of metrics.jsonl. */
  public record EpochPoint(
      int epoch, Double trainLoss, Double trainAccuracy, Double testLoss, Double testAccuracy) {}

  /** NC1 of the final features on the source training data, or null. */
  public Double sourceFeaturesNc1(String split) {
    return sourceNc1.getOrDefault(split, Map.of()).get(StudyResults.FEATURES);
  }

  /** NC1 of the frozen final features on a downstream dataset's training data, or null. */
  public Double downstreamFeaturesNc1(String downstream) {
    return downstreamNc1.getOrDefault(downstream, Map.of()).get(StudyResults.FEATURES);
  }
}
