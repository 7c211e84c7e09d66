package org.nclab.runtime.study;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on each of a study's correlations: its claim's expected sign, the robust statistics
 * of {@link RobustCorrelations} (on the variants' means over their runs, Spearman, with Kendall's τ
 * beside it), and the {@link Verdict} the rules of docs/studies.md derive from them.
 *
 * @param claimSign +1 when the paper's finding predicts a positive coefficient, -1 a negative one
 * @param spearman the statistics the verdict rests on
 * @param kendall the same for Kendall's τ-b
 */
public record StudyVerdicts(
    StudyResults.CorrelationResult correlation,
    int claimSign,
    RobustCorrelations.Result spearman,
    RobustCorrelations.Result kendall,
    Verdict verdict) {

  /** verdicts.csv's header and each verdict's names in results.json, in {@link #cells} order. */
  public static final List<String> COLUMNS =
      List.of(
          "question",
          "downstream",
          "method",
          "claim",
          "variants",
          "spearman",
          "spearman_low",
          "spearman_high",
          "spearman_p",
          "kendall",
          "kendall_p",
          "leave_one_out_low",
          "leave_one_out_high",
          "flips",
          "partial",
          "verdict",
          "reason");

  /** The verdict's figures in {@link #COLUMNS} order; NaN (undefined) as null. */
  public List<Object> cells() {
    return Arrays.asList(
        correlation.question(),
        correlation.downstream(),
        correlation.method(),
        claimSign > 0 ? "positive" : "negative",
        spearman.variants(),
        defined(spearman.coefficient()),
        defined(spearman.low()),
        defined(spearman.high()),
        defined(spearman.pValue()),
        defined(kendall.coefficient()),
        defined(kendall.pValue()),
        defined(spearman.leaveOneOutLow()),
        defined(spearman.leaveOneOutHigh()),
        String.join(" ", spearman.flips()),
        defined(spearman.partial()),
        verdict.kind().label(),
        verdict.reason());
  }

  /** results.json's object for this verdict: the flat columns by name. */
  @JsonValue
  Map<String, Object> json() {
    return ResultRow.byName(COLUMNS, cells());
  }

  private static Double defined(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /**
   * The sign the paper predicts: more collapse of the frozen features on the downstream data (lower
   * downstream NC1) goes with higher accuracy, and so does more collapse of the fine-tuned features
   * there; more variability kept on the source data (higher source NC1) transfers better.
   */
  static int claimSign(StudyResults.CorrelationResult c) {
    return c.question().startsWith(StudyResults.DOWNSTREAM_NC1)
            || c.question().startsWith(StudyResults.FINE_TUNED_NC1)
        ? -1
        : +1;
  }

  /**
   * The verdict on each correlation; the partial coefficients control for each run's source test
   * accuracy (none where a run lacks one).
   */
  public static List<StudyVerdicts> of(
      List<StudyResults.CorrelationResult> correlations, RobustCorrelations statistics) {
    List<StudyVerdicts> out = new ArrayList<>();
    for (StudyResults.CorrelationResult c : correlations) {
      List<RobustCorrelations.Sample> samples = samples(c);
      RobustCorrelations.Result spearman =
          statistics.analyse(RobustCorrelations.Method.SPEARMAN, samples);
      RobustCorrelations.Result kendall =
          statistics.analyse(RobustCorrelations.Method.KENDALL, samples);
      int sign = claimSign(c);
      out.add(new StudyVerdicts(c, sign, spearman, kendall, Verdict.of(spearman, sign)));
    }
    return out;
  }

  /**
   * One sample per variant, one pair per run of it (its seeds), in first-seen order; controlled by
   * the runs' source test accuracy when every run has one.
   */
  static List<RobustCorrelations.Sample> samples(StudyResults.CorrelationResult c) {
    Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
    for (int i = 0; i < c.variants().size(); i++) {
      rowsOf.computeIfAbsent(c.variants().get(i), k -> new ArrayList<>()).add(i);
    }
    boolean controlled =
        c.controls() != null
            && c.controls().stream().allMatch(v -> v != null && Double.isFinite(v));
    List<RobustCorrelations.Sample> samples = new ArrayList<>();
    rowsOf.forEach(
        (variant, rows) -> {
          double[] x = rows.stream().mapToDouble(i -> c.xs().get(i)).toArray();
          double[] y = rows.stream().mapToDouble(i -> c.ys().get(i)).toArray();
          double[] control =
              controlled ? rows.stream().mapToDouble(i -> c.controls().get(i)).toArray() : null;
          samples.add(new RobustCorrelations.Sample(variant, x, y, control));
        });
    return samples;
  }
}
