package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The paper study's files as docs/paper-reproduction.md quotes them (docs/paper, copied from
 * studies/paper/ after {@code bin/nclab study configs/paper/study.toml}): every verdict and every
 * variant mean is recomputed here from results.csv alone, by {@link IndependentVerdicts} and by the
 * float64 loops below, not by the study package's code.
 */
class PaperResultsTest {
  private static final Path PAPER = Path.of("../../docs/paper");

  /** t(0.975, n − 1) from a table, for the seed counts a mean can have here. */
  private static final Map<Integer, Double> T_975 =
      Map.of(2, 12.706204736174698, 3, 4.302652729749464);

  @Test
  void everyVerdictIsRecomputedFromTheResults() throws IOException {
    int checked =
        new IndependentVerdicts(2000)
            .check(PAPER.resolve("results.csv"), PAPER.resolve("verdicts.csv"));
    // Source NC1 against each of the 6 transfers, downstream NC1 against the 2 linear probes,
    // fine-tuned NC1 against the 4 fine-tunings.
    assertEquals(12, checked, "verdicts.csv's lines");
  }

  @Test
  void variantMeansAreMeansOverSeedsWithStudentIntervals() throws IOException {
    Map<String, List<Double>> accuracies = new LinkedHashMap<>();
    for (CSVRecord row : IndependentVerdicts.read(PAPER.resolve("results.csv"))) {
      if (row.get("status").startsWith("ok") && !row.get("test_accuracy").isEmpty()) {
        accuracies
            .computeIfAbsent(key(row, IndependentVerdicts.label(row)), k -> new ArrayList<>())
            .add(Double.parseDouble(row.get("test_accuracy")));
      }
    }
    int compared = 0;
    for (CSVRecord mean : IndependentVerdicts.read(PAPER.resolve("results-by-variant.csv"))) {
      if (mean.get("test_accuracy").isEmpty()) {
        continue; // the run's own row (no transfer) has no downstream accuracy
      }
      String key = key(mean, mean.get("method"));
      List<Double> values = accuracies.get(key);
      assertTrue(values != null, "results.csv has rows for " + key);
      int n = values.size();
      assertEquals(3, n, key + ": one run per seed");
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      double m = sum / n;
      double ss = 0;
      for (double v : values) {
        ss += (v - m) * (v - m);
      }
      double half = T_975.get(n) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
      assertEquals(m, Double.parseDouble(mean.get("test_accuracy")), 1e-12, key);
      assertEquals(m - half, Double.parseDouble(mean.get("test_accuracy_low")), 1e-9, key);
      assertEquals(m + half, Double.parseDouble(mean.get("test_accuracy_high")), 1e-9, key);
      compared++;
    }
    assertEquals(accuracies.size(), compared, "every variant and transfer has its mean");
  }

  private static String key(CSVRecord row, String method) {
    return row.get("group") + " / " + row.get("downstream") + " / " + method;
  }
}
