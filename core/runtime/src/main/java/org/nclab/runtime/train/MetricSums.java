package org.nclab.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Example-weighted sums of step metrics, in float64: what an epoch's (or a log window's) means are
 * made of. Checkpoints save them, so a run resumed in the middle of an epoch reports the same epoch
 * means as one never interrupted.
 *
 * @param sums metric name to the sum of value x batch size
 * @param examples the total weight
 */
public record MetricSums(Map<String, Double> sums, long examples) {

  public MetricSums {
    sums = new LinkedHashMap<>(sums);
  }

  public static MetricSums empty() {
    return new MetricSums(Map.of(), 0);
  }

  /** These sums plus one step's metrics weighted by its batch size. */
  public MetricSums plus(Map<String, Double> values, int weight) {
    Map<String, Double> next = new LinkedHashMap<>(sums);
    values.forEach((k, v) -> next.merge(k, v * weight, Double::sum));
    return new MetricSums(next, examples + weight);
  }

  public Map<String, Double> means() {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, v) -> out.put(k, examples == 0 ? Double.NaN : v / examples));
    return out;
  }
}
