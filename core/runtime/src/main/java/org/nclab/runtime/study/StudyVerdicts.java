package org.nclab.runtime.study;

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

  /**
   * The sign the paper predicts: more collapse of the frozen features on the downstream data (lower
   * downstream NC1) goes with higher accuracy; more variability kept on the source data (higher
   * source NC1) transfers better.
   */
  static int claimSign(StudyResults.CorrelationResult c) {
    return c.question().startsWith(StudyResults.DOWNSTREAM_NC1) ? -1 : +1;
  }

  /**
   * @param sourceTestAccuracy each variant's source test accuracy, the figure the partial
   *     coefficients control for (a variant without one gets no partial coefficient)
   */
  public static List<StudyVerdicts> of(
      List<StudyResults.CorrelationResult> correlations,
      Map<String, Double> sourceTestAccuracy,
      RobustCorrelations statistics) {
    List<StudyVerdicts> out = new ArrayList<>();
    for (StudyResults.CorrelationResult c : correlations) {
      List<RobustCorrelations.Sample> samples = samples(c, sourceTestAccuracy);
      RobustCorrelations.Result spearman =
          statistics.analyse(RobustCorrelations.Method.SPEARMAN, samples);
      RobustCorrelations.Result kendall =
          statistics.analyse(RobustCorrelations.Method.KENDALL, samples);
      int sign = claimSign(c);
      out.add(new StudyVerdicts(c, sign, spearman, kendall, Verdict.of(spearman, sign)));
    }
    return out;
  }

  /** One sample per variant, one pair per run of it (its seeds), in first-seen order. */
  static List<RobustCorrelations.Sample> samples(
      StudyResults.CorrelationResult c, Map<String, Double> sourceTestAccuracy) {
    Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
    for (int i = 0; i < c.variants().size(); i++) {
      rowsOf.computeIfAbsent(c.variants().get(i), k -> new ArrayList<>()).add(i);
    }
    boolean controlled =
        rowsOf.keySet().stream()
            .allMatch(
                v ->
                    sourceTestAccuracy.get(v) != null
                        && Double.isFinite(sourceTestAccuracy.get(v)));
    List<RobustCorrelations.Sample> samples = new ArrayList<>();
    rowsOf.forEach(
        (variant, rows) -> {
          double[] x = rows.stream().mapToDouble(i -> c.xs().get(i)).toArray();
          double[] y = rows.stream().mapToDouble(i -> c.ys().get(i)).toArray();
          double[] control = null;
          if (controlled) {
            control = new double[rows.size()];
            Arrays.fill(control, sourceTestAccuracy.get(variant));
          }
          samples.add(new RobustCorrelations.Sample(variant, x, y, control));
        });
    return samples;
  }
}
