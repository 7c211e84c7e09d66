package org.nclab.runtime.study;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.math3.distribution.TDistribution;
import org.nclab.runtime.transfer.TransferResult;

/**
 * One variant's figures for one downstream dataset and transfer, averaged over its seeds: the mean
 * of each figure with its 95% Student-t interval over the runs ({@code mean ± t(0.975, n−1) ·
 * sd/√n}); a single run has a mean and no interval. What results-by-variant.csv and the report's
 * "Variant means" table show, and what the correlations are computed on.
 *
 * @param group the variant (a group of seeds)
 * @param downstream the downstream dataset, or null in a study without downstreams
 * @param method the transfer's label ({@link ResultRow#methodLabel}), empty for the run alone
 * @param runs the rows with status ok that were averaged: one per seed, times the draws of a
 *     few-shot transfer (the run's own figures count once per run)
 */
public record VariantMeans(
    String group,
    String downstream,
    String method,
    int runs,
    Estimate sourceTestAccuracy,
    Estimate sourceNc1Train,
    Estimate downstreamNc1,
    Estimate trainableShare,
    Estimate testAccuracy) {

  /**
   * @param mean over the runs that have the figure, or null when none has it
   * @param low lower end of the 95% interval, or null with fewer than two runs
   */
  public record Estimate(Double mean, Double low, Double high, int n) {
    static final Estimate NONE = new Estimate(null, null, null, 0);

    static Estimate of(List<Double> values) {
      double[] v =
          values.stream()
              .filter(Objects::nonNull)
              .mapToDouble(Double::doubleValue)
              .filter(Double::isFinite)
              .toArray();
      if (v.length == 0) {
        return NONE;
      }
      double mean = Arrays.stream(v).sum() / v.length;
      if (v.length < 2) {
        return new Estimate(mean, null, null, 1);
      }
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      double sd = Math.sqrt(ss / (v.length - 1));
      double half =
          new TDistribution(null, v.length - 1).inverseCumulativeProbability(0.975)
              * sd
              / Math.sqrt(v.length);
      return new Estimate(mean, mean - half, mean + half, v.length);
    }
  }

  /** The figures of {@link #COLUMNS}, three columns each (mean, low, high). */
  private static final List<String> FIGURES =
      List.of(
          "source_test_accuracy",
          "source_nc1_train",
          "downstream_nc1",
          "trainable_share",
          "test_accuracy");

  /** results-by-variant.csv's header and results.json's names, in {@link #cells} order. */
  public static final List<String> COLUMNS = columns();

  private static List<String> columns() {
    List<String> columns = new ArrayList<>(List.of("group", "downstream", "method", "runs"));
    for (String figure : FIGURES) {
      columns.addAll(List.of(figure, figure + "_low", figure + "_high"));
    }
    return List.copyOf(columns);
  }

  public List<Object> cells() {
    List<Object> cells = new ArrayList<>(Arrays.asList(group, downstream, method, runs));
    for (Estimate e :
        List.of(sourceTestAccuracy, sourceNc1Train, downstreamNc1, trainableShare, testAccuracy)) {
      cells.addAll(Arrays.asList(e.mean(), e.low(), e.high()));
    }
    return cells;
  }

  @JsonValue
  Map<String, Object> json() {
    return ResultRow.byName(COLUMNS, cells());
  }

  /**
   * Groups the rows whose status is ok by variant, downstream and transfer, in order of first
   * appearance; a failed run's rows do not enter a mean.
   */
  static List<VariantMeans> of(List<ResultRow> rows) {
    Map<List<String>, List<ResultRow>> groups = new LinkedHashMap<>();
    for (ResultRow row : rows) {
      if (row.status().startsWith("ok")) {
        groups
            .computeIfAbsent(
                Arrays.asList(row.group(), row.downstream(), row.methodLabel()),
                k -> new ArrayList<>())
            .add(row);
      }
    }
    List<VariantMeans> out = new ArrayList<>();
    groups.forEach(
        (key, group) ->
            out.add(
                new VariantMeans(
                    key.get(0),
                    key.get(1),
                    key.get(2),
                    group.size(),
                    estimate(perRun(group), r -> r.source().testAccuracy()),
                    estimate(perRun(group), r -> r.source().nc1Train()),
                    estimate(perRun(group), ResultRow::downstreamNc1),
                    estimate(group, r -> transfer(r, TransferResult::trainableShare)),
                    estimate(group, r -> transfer(r, TransferResult::testAccuracy)))));
    return out;
  }

  /**
   * One row per run: the run's own figures (source accuracy and NC1, frozen downstream NC1) repeat
   * in the rows of its few-shot draws, and must count once.
   */
  private static List<ResultRow> perRun(List<ResultRow> rows) {
    Map<String, ResultRow> first = new LinkedHashMap<>();
    rows.forEach(r -> first.putIfAbsent(r.variant(), r));
    return List.copyOf(first.values());
  }

  private static Estimate estimate(List<ResultRow> rows, Function<ResultRow, Double> figure) {
    return Estimate.of(rows.stream().map(figure).toList());
  }

  private static Double transfer(ResultRow row, Function<TransferResult, Double> figure) {
    return row.transfer() == null ? null : figure.apply(row.transfer());
  }
}
