package org.nclab.runtime.run;

import java.util.List;
import java.util.Map;

/**
 * What {@code run.json} records about a run, rewritten atomically at each change of status. Grouped
 * into parts for readers; {@link RunInfoFile} writes it as the flat object run.json has always
 * been.
 */
public record RunInfo(Identity identity, Data data, Model model, Outcome outcome) {

  /**
   * Which run, with which software and seed.
   *
   * @param plugins plugin id to version, for every plugin loaded when the run started
   */
  public record Identity(
      String name,
      String nclabVersion,
      String tensorflowVersion,
      long seed,
      Map<String, String> plugins) {}

  /** The dataset trained on. */
  public record Data(
      String dataset,
      String imageShape,
      List<String> classNames,
      int trainExamples,
      int testExamples) {}

  /** The model's extension id and its number of trainable parameters. */
  public record Model(String id, long trainableParameters) {}

  /**
   * How far the run got.
   *
   * @param status running, finished, interrupted or failed
   * @param error the one-line reason when failed
   */
  public record Outcome(
      String status,
      String started,
      String ended,
      int epochsCompleted,
      Map<String, Double> finalMetrics,
      String error) {}

  /** The status, read more often than anything else. */
  public String status() {
    return outcome.status();
  }

  public RunInfo withStatus(
      String newStatus, String endedAt, int epochs, Map<String, Double> metrics, String reason) {
    return new RunInfo(
        identity,
        data,
        model,
        new Outcome(newStatus, outcome.started(), endedAt, epochs, metrics, reason));
  }
}
