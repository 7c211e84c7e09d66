package org.nclab.runtime.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.nclab.runtime.run.RunFolder;
import org.nclab.runtime.run.RunInfo;
import org.nclab.runtime.run.RunInfoFile;
import org.nclab.runtime.transfer.TransferReport;
import org.nclab.runtime.transfer.TransferResult;

/**
 * A study's results, gathered from what its steps wrote to disk (so that rerunning a finished study
 * gives the same results), plus the failures of this invocation: one row per run and transfer, each
 * variant's means over its seeds, the correlations the paper's claims are about (on the variants'
 * means) and the verdict on each.
 */
public record StudyResults(
    String study,
    List<RunSummary> runs,
    List<ResultRow> rows,
    List<VariantMeans> means,
    List<CorrelationResult> correlations,
    List<StudyVerdicts> verdicts,
    List<StepRecord> problems) {

  /** The tap of the backbone's final features (before any projection head). */
  public static final String FEATURES = "features";

  static final String LINEAR_PROBE = "linear-probe";

  /** How the questions about the frozen features' NC1 on downstream data begin. */
  static final String DOWNSTREAM_NC1 = "downstream NC1 vs ";

  /** How the questions about the fine-tuned features' NC1 on downstream data begin. */
  static final String FINE_TUNED_NC1 = "fine-tuned NC1 vs ";

  /** How the questions about the source NC1 begin. */
  static final String SOURCE_NC1 = "source NC1 vs ";

  /**
   * One correlation across the variants whose runs have both figures: the coefficients are of the
   * variants' means over their seeds, the intervals from a bootstrap that resamples variants and,
   * within each, its seeds ({@link RobustCorrelations}).
   *
   * @param question what it answers, e.g. "downstream NC1 vs linear-probe accuracy (mnist)"
   * @param variants each pair's variant (a group of seeds), one entry per run
   * @param controls each pair's source test accuracy (what partial coefficients control for), or
   *     null entries where a run has none
   */
  public record CorrelationResult(
      String question,
      String downstream,
      String method,
      String x,
      String y,
      List<String> variants,
      List<Double> xs,
      List<Double> ys,
      List<Double> controls,
      Correlation spearman,
      Correlation pearson) {}

  public static StudyResults collect(StudySpec spec, List<StepRecord> records) {
    StudyPaths paths = new StudyPaths(spec.folder());
    List<RunSummary> runs = new ArrayList<>();
    List<ResultRow> rows = new ArrayList<>();
    for (StudySpec.Variant variant : spec.variants()) {
      RunSummary run = summary(spec, paths, variant);
      runs.add(run);
      rows.addAll(rows(spec, paths, variant, run, records));
    }
    int resamples = spec.analysis().bootstrapResamples();
    RobustCorrelations statistics =
        new RobustCorrelations(resamples, resamples, spec.analysis().seed());
    List<CorrelationResult> correlations = new ArrayList<>();
    for (StudySpec.Downstream downstream : spec.downstreams()) {
      Map<String, List<ResultRow>> byMethod = new LinkedHashMap<>();
      for (ResultRow row : rows) {
        if (downstream.name().equals(row.downstream()) && row.transfer() != null) {
          byMethod.computeIfAbsent(row.methodLabel(), k -> new ArrayList<>()).add(row);
        }
      }
      byMethod.forEach(
          (method, group) -> {
            if (group.get(0).transfer().method().equals(LINEAR_PROBE)) {
              correlations.add(
                  correlate(
                      statistics,
                      DOWNSTREAM_NC1 + method + " accuracy (" + downstream.name() + ")",
                      downstream.name(),
                      method,
                      "NC1 of the frozen features on " + downstream.name() + " train",
                      method + " test accuracy",
                      group,
                      ResultRow::downstreamNc1));
            }
            if (!group.get(0).transfer().method().equals(LINEAR_PROBE)) {
              correlations.add(
                  correlate(
                      statistics,
                      FINE_TUNED_NC1 + method + " accuracy (" + downstream.name() + ")",
                      downstream.name(),
                      method,
                      "NC1 of the fine-tuned features on " + downstream.name() + " train",
                      method + " test accuracy",
                      group,
                      row -> row.transfer().nc1Train()));
            }
            correlations.add(
                correlate(
                    statistics,
                    SOURCE_NC1 + method + " accuracy (" + downstream.name() + ")",
                    downstream.name(),
                    method,
                    "NC1 of the features on the source train split",
                    method + " test accuracy on " + downstream.name(),
                    group,
                    row -> row.source().nc1Train()));
          });
    }
    List<StepRecord> problems =
        records.stream().filter(r -> r.failed() || r.status().equals(StepRecord.SKIPPED)).toList();
    return new StudyResults(
        spec.name(),
        runs,
        rows,
        VariantMeans.of(rows),
        correlations,
        StudyVerdicts.of(correlations, statistics),
        problems);
  }

  private static CorrelationResult correlate(
      RobustCorrelations statistics,
      String question,
      String downstream,
      String method,
      String x,
      String y,
      List<ResultRow> group,
      Function<ResultRow, Double> xOf) {
    List<String> variants = new ArrayList<>();
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<Double> controls = new ArrayList<>();
    for (ResultRow row : group) {
      Double value = xOf.apply(row);
      double accuracy = row.transfer().testAccuracy();
      if (value != null && Double.isFinite(value) && Double.isFinite(accuracy)) {
        variants.add(row.group());
        xs.add(value);
        ys.add(accuracy);
        controls.add(row.source().testAccuracy());
      }
    }
    CorrelationResult pairs =
        new CorrelationResult(
            question, downstream, method, x, y, variants, xs, ys, controls, null, null);
    List<RobustCorrelations.Sample> samples = StudyVerdicts.samples(pairs);
    return new CorrelationResult(
        question,
        downstream,
        method,
        x,
        y,
        variants,
        xs,
        ys,
        controls,
        statistics.ofMeans(RobustCorrelations.Method.SPEARMAN, samples),
        statistics.ofMeans(RobustCorrelations.Method.PEARSON, samples));
  }

  private static RunSummary summary(StudySpec spec, StudyPaths paths, StudySpec.Variant variant) {
    String name = variant.name();
    Path run = paths.run(name);
    Path infoFile = run.resolve(RunFolder.RUN_INFO);
    String status = "missing";
    int epochs = 0;
    Double accuracy = null;
    if (Files.isRegularFile(infoFile)) {
      RunInfo info = new RunInfoFile(infoFile).read();
      status = info.status();
      epochs = info.outcome().epochsCompleted();
      Map<String, Double> finalMetrics = info.outcome().finalMetrics();
      accuracy = finalMetrics == null ? null : finalMetrics.get("test/accuracy");
    }
    Map<String, Map<String, Double>> source =
        Files.isRegularFile(paths.sourceProbe(name))
            ? ProbeResults.nc1(paths.sourceProbe(name))
            : Map.of();
    Map<String, Map<String, Double>> downstream = new LinkedHashMap<>();
    for (StudySpec.Downstream d : spec.downstreams()) {
      Path file = paths.downstreamProbe(name, d.name());
      if (Files.isRegularFile(file)) {
        downstream.put(d.name(), ProbeResults.nc1(file).getOrDefault("train", Map.of()));
      }
    }
    List<RunSummary.EpochPoint> curve = curve(run.resolve(RunFolder.METRICS));
    double seconds = epochSeconds(run.resolve(RunFolder.METRICS));
    return new RunSummary(
        name,
        variant.overrides(),
        spec.folder().relativize(run).toString(),
        status,
        epochs,
        accuracy,
        source,
        downstream,
        curve,
        curve.isEmpty() ? null : seconds);
  }

  private static List<ResultRow> rows(
      StudySpec spec,
      StudyPaths paths,
      StudySpec.Variant variant,
      RunSummary run,
      List<StepRecord> records) {
    String name = variant.name();
    String settings = String.join("; ", variant.overrides());
    Optional<StepRecord> trainFailure = problem(records, name, "train");
    List<ResultRow> rows = new ArrayList<>();
    if (spec.downstreams().isEmpty()) {
      rows.add(
          runOnly(
              variant, run, settings, trainFailure.map(StudyResults::describe).orElse("ok"), null));
    }
    for (StudySpec.Downstream downstream : spec.downstreams()) {
      boolean any = false;
      String status =
          trainFailure
              .map(StudyResults::describe)
              .or(
                  () ->
                      problem(records, name, "downstream-" + downstream.name())
                          .map(StudyResults::describe))
              .orElse(null);
      for (StudySpec.TransferMethod method : spec.transfers()) {
        Path file = paths.transferResult(name, downstream.name(), method);
        Optional<StepRecord> failure =
            problem(records, name, "transfer-" + downstream.name() + "-" + method.label());
        if (trainFailure.isEmpty() && Files.isRegularFile(file)) {
          for (TransferResult result : TransferReport.read(file).results()) {
            rows.add(
                transferRow(
                    variant,
                    run,
                    settings,
                    status == null ? "ok" : status,
                    downstream.name(),
                    result));
            any = true;
          }
        } else if (failure.isPresent() && status == null) {
          status = describe(failure.get());
        }
      }
      if (!any) {
        String why =
            status != null
                ? status
                : spec.transfers().isEmpty() ? "ok (no transfer methods in the study)" : "ok";
        rows.add(runOnly(variant, run, settings, why, downstream.name()));
      }
    }
    return rows;
  }

  private static ResultRow runOnly(
      StudySpec.Variant variant,
      RunSummary run,
      String settings,
      String status,
      String downstream) {
    return new ResultRow(
        run.variant(),
        variant.group(),
        variant.seed(),
        status,
        source(run, settings),
        downstream,
        downstream == null ? null : run.downstreamFeaturesNc1(downstream),
        null);
  }

  private static ResultRow transferRow(
      StudySpec.Variant variant,
      RunSummary run,
      String settings,
      String status,
      String downstream,
      TransferResult r) {
    return new ResultRow(
        run.variant(),
        variant.group(),
        variant.seed(),
        status,
        source(run, settings),
        downstream,
        run.downstreamFeaturesNc1(downstream),
        r);
  }

  private static ResultRow.Source source(RunSummary run, String settings) {
    return new ResultRow.Source(
        settings,
        run.epochs(),
        run.sourceTestAccuracy(),
        run.sourceFeaturesNc1("train"),
        run.sourceFeaturesNc1("test"),
        run.trainSeconds());
  }

  private static Optional<StepRecord> problem(
      List<StepRecord> records, String variant, String step) {
    return records.stream()
        .filter(r -> r.variant().equals(variant) && r.step().equals(step))
        .filter(r -> r.failed() || r.status().equals(StepRecord.SKIPPED))
        .findFirst();
  }

  private static String describe(StepRecord record) {
    return record.status() + ": " + record.step() + ": " + record.message();
  }

  private static List<RunSummary.EpochPoint> curve(Path metrics) {
    List<RunSummary.EpochPoint> points = new ArrayList<>();
    for (JsonNode line : epochLines(metrics)) {
      points.add(
          new RunSummary.EpochPoint(
              line.path("epoch").asInt(),
              number(line, "train/loss"),
              number(line, "train/accuracy"),
              number(line, "test/loss"),
              number(line, "test/accuracy")));
    }
    return points;
  }

  private static double epochSeconds(Path metrics) {
    return epochLines(metrics).stream()
        .mapToDouble(l -> l.path("train/epoch_seconds").asDouble(0))
        .sum();
  }

  private static List<JsonNode> epochLines(Path metrics) {
    if (!Files.isRegularFile(metrics)) {
      return List.of();
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String text : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
        try {
          JsonNode line = json.readTree(text);
          if (line != null && "epoch".equals(line.path("phase").asText())) {
            lines.add(line);
          }
        } catch (JsonProcessingException cut) {
          // a line cut by a kill; the run was resumed before it
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + metrics + ": " + e.getMessage(), e);
    }
    return lines;
  }

  private static Double number(JsonNode line, String key) {
    JsonNode value = line.get(key);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }
}
