package org.nclab.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  @Test
  void namesEveryDifferingKeyPathIncludingArraysOfTables() {
    Map<String, Object> before =
        Map.of(
            "train", Map.of("epochs", 3L, "learning_rate", 0.1),
            "regularizer", List.of(Map.of("id", "cross-entropy", "weight", 1.0)));
    Map<String, Object> after =
        Map.of(
            "train", Map.of("epochs", 3L, "learning_rate", 0.05, "views", 2L),
            "regularizer", List.of(Map.of("id", "cross-entropy", "weight", 0.5)));
    assertEquals(
        List.of("regularizer[0].weight", "train.learning_rate", "train.views"),
        ConfigDiff.between(before, after));
  }

  @Test
  void numbersCompareByValue() {
    assertEquals(List.of(), ConfigDiff.between(Map.of("a", 1L), Map.of("a", 1.0)));
  }

  @Test
  void aDifferentNumberOfTablesIsOneDifference() {
    assertEquals(
        List.of("probe"),
        ConfigDiff.between(
            Map.of("probe", List.of(Map.of("id", "nc"))), Map.of("probe", List.of())));
  }
}
