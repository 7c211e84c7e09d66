package org.nclab.runtime.transfer;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nclab.runtime.run.MetricsLog;

/**
 * Transfer results as meters and metrics.jsonl lines, under the names training uses ({@code
 * nclab.accuracy{split=test}}, {@code nclab.probe.nc1{split,layer}}) and tagged {@code
 * method=scl-10shot}: what a dashboard or Prometheus shows beside the pre-training's figures.
 */
public final class TransferMetrics {
  /** The metrics.jsonl phase of transfer lines. */
  public static final String PHASE = "transfer";

  private TransferMetrics() {}

  /** Appends one line per result to {@code file} and sets the meters in {@code registry}. */
  public static void record(
      Path file, MeterRegistry registry, String runName, List<TransferResult> results) {
    // A block sweep has several results of one method and size: their tags name the block too.
    Map<String, Long> plain =
        results.stream()
            .collect(Collectors.groupingBy(TransferMetrics::methodTag, Collectors.counting()));
    try (MetricsLog log = new MetricsLog(file, registry, runName)) {
      for (TransferResult r : results) {
        boolean swept = plain.get(methodTag(r)) > 1 && r.block() != null;
        log.forMethod(swept ? methodTag(r, r.method() + "-" + r.block()) : methodTag(r))
            .record(PHASE, r.epochs() == null ? 0 : r.epochs(), 0, figures(r));
      }
    }
  }

  /**
   * {@code linear-probe}, {@code scl-10shot}: the method, and the training-set size when few-shot
   * (and the draw, with several).
   */
  static String methodTag(TransferResult r) {
    return methodTag(r, r.method());
  }

  /** {@code scl-block2-10shot} for one block of a sweep, as its model's folder is named. */
  private static String methodTag(TransferResult r, String method) {
    return TransferCheckpoint.folderName(method, r.shotsPerClass(), r.draw());
  }

  private static Map<String, Double> figures(TransferResult r) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("train/accuracy", r.trainAccuracy());
    out.put("test/accuracy", r.testAccuracy());
    out.put("train/loss", r.finalLoss());
    if (r.nc1Train() != null) {
      out.put("probe/downstream-train/classifier-input/nc1", r.nc1Train());
    }
    if (r.nc1Test() != null) {
      out.put("probe/downstream-test/classifier-input/nc1", r.nc1Test());
    }
    out.put("transfer/trained_parameters", (double) r.trainableParameters());
    out.put("transfer/trained_share", r.trainableShare());
    out.put("transfer/seconds", r.seconds());
    return out;
  }
}
