package org.nclab.runtime.transfer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which block transfers best in a sweep ({@code [transfer] block = "sweep"}): among the results of
 * one method, variant and training-set size that fine-tuned different blocks, the one with the
 * highest test accuracy (the first in block order on a tie). The downstream data has no validation
 * split, so this reports the sweep's outcome; it is not a model selection to trust unseen.
 */
public final class BlockSweep {
  private BlockSweep() {}

  /**
   * One sweep's winner, written to transfer.json's {@code best_blocks}.
   *
   * @param testAccuracies every swept block's test accuracy, in block order
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Best(
      String method,
      String variant,
      Integer shotsPerClass,
      String block,
      double testAccuracy,
      Map<String, Double> testAccuracies) {

    public Best {
      testAccuracies = new LinkedHashMap<>(testAccuracies);
    }

    /** The console line: {@code best block for scl/bypass (10 per class): block2, ...}. */
    public String sentence() {
      return String.format(
          "best block for %s%s (%s): %s, test accuracy %.4f (%s)",
          method,
          variant == null ? "" : "/" + variant,
          shotsPerClass == null ? "all data" : shotsPerClass + " per class",
          block,
          testAccuracy,
          testAccuracies.entrySet().stream()
              .map(e -> String.format("%s %.4f", e.getKey(), e.getValue()))
              .collect(Collectors.joining(", ")));
    }
  }

  /** The winners of every group of results that tried more than one block. */
  public static List<Best> best(List<TransferResult> results) {
    Map<List<Object>, List<TransferResult>> groups = new LinkedHashMap<>();
    for (TransferResult r : results) {
      if (r.block() != null) {
        groups
            .computeIfAbsent(
                Arrays.asList(r.method(), r.variant(), r.shotsPerClass()), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<Best> best = new ArrayList<>();
    for (List<TransferResult> group : groups.values()) {
      if (group.stream().map(TransferResult::block).distinct().count() < 2) {
        continue;
      }
      TransferResult top = group.get(0);
      Map<String, Double> accuracies = new LinkedHashMap<>();
      for (TransferResult r : group) {
        accuracies.put(r.block(), r.testAccuracy());
        if (r.testAccuracy() > top.testAccuracy()) {
          top = r;
        }
      }
      best.add(
          new Best(
              top.method(),
              top.variant(),
              top.shotsPerClass(),
              Objects.requireNonNull(top.block()),
              top.testAccuracy(),
              accuracies));
    }
    return best;
  }
}
