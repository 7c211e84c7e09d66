package org.nclab.runtime.run;

import java.util.List;
import java.util.Map;

/**
 * What {@code run.json} records about a run, rewritten atomically at each change of status.
 *
 * @param status running, finished, interrupted or failed
 * @param plugins plugin id to version, for every plugin loaded when the run started
 * @param error the one-line reason when failed
 */
public record RunInfo(
    String name,
    String status,
    String nclabVersion,
    String tensorflowVersion,
    long seed,
    String dataset,
    String imageShape,
    List<String> classNames,
    int trainExamples,
    int testExamples,
    String model,
    long trainableParameters,
    Map<String, String> plugins,
    String started,
    String ended,
    int epochsCompleted,
    Map<String, Double> finalMetrics,
    String error) {

  public RunInfo withStatus(
      String newStatus, String endedAt, int epochs, Map<String, Double> metrics, String reason) {
    return new RunInfo(
        name, newStatus, nclabVersion, tensorflowVersion, seed, dataset, imageShape, classNames,
        trainExamples, testExamples, model, trainableParameters, plugins, started, endedAt, epochs,
        metrics, reason);
  }
}
