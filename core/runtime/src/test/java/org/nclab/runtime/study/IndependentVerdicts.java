package org.nclab.runtime.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Recomputes a study's verdicts.csv from its results.csv without any of the study package's
 * statistics: the pairs are found from the CSV's columns by the question's words, each variant's
 * means are plain float64 sums, Spearman's ρ comes from average ranks and Pearson's formula written
 * here, Kendall's τ-b from counting pairs, the permutation p-value from enumerating (or, beyond
 * {@code budget} permutations, sampling with java.util.Random) the pairings, the leave-one-out
 * range by dropping each variant, and the verdict from the four rules of docs/studies.md. The
 * bootstrap interval is random by nature: it is recomputed with another generator and compared
 * within a Monte Carlo tolerance, and the verdict rule about it reads the interval from the CSV.
 */
final class IndependentVerdicts {
  private static final double ALPHA = 0.05;
  private final int budget;

  /**
   * @param budget the study's {@code bootstrap_resamples}: permutations are enumerated while n! is
   *     at most this, as docs/studies.md says
   */
  IndependentVerdicts(int budget) {
    this.budget = budget;
  }

  /** Checks every line of {@code verdicts} against {@code results}; returns how many it checked. */
  int check(Path results, Path verdicts) throws IOException {
    List<CSVRecord> rows = read(results);
    List<CSVRecord> lines = read(verdicts);
    for (CSVRecord line : lines) {
      checkOne(rows, line);
    }
    return lines.size();
  }

  private void checkOne(List<CSVRecord> rows, CSVRecord line) {
    String question = line.get("question");
    String x =
        question.startsWith("downstream NC1 vs ")
            ? "downstream_nc1"
            : question.startsWith("source NC1 vs ")
                ? "source_nc1_train"
                : question.startsWith("fine-tuned NC1 vs ") ? "transfer_nc1_train" : null;
    assertTrue(x != null, "a question this check knows: " + question);
    int claim = x.equals("source_nc1_train") ? 1 : -1;
    assertEquals(claim > 0 ? "positive" : "negative", line.get("claim"), question);

    Map<String, List<double[]>> byVariant = new LinkedHashMap<>();
    for (CSVRecord row : rows) {
      if (!row.get("status").startsWith("ok")
          || !row.get("downstream").equals(line.get("downstream"))
          || !label(row).equals(line.get("method"))
          || row.get(x).isEmpty()
          || row.get("test_accuracy").isEmpty()) {
        continue;
      }
      byVariant
          .computeIfAbsent(row.get("group"), k -> new ArrayList<>())
          .add(
              new double[] {
                Double.parseDouble(row.get(x)), Double.parseDouble(row.get("test_accuracy"))
              });
    }
    int n = byVariant.size();
    assertEquals(n, Integer.parseInt(line.get("variants")), question);
    double[] mx = new double[n];
    double[] my = new double[n];
    int i = 0;
    for (List<double[]> pairs : byVariant.values()) {
      for (double[] p : pairs) {
        mx[i] += p[0] / pairs.size();
        my[i] += p[1] / pairs.size();
      }
      i++;
    }
    double rho = spearman(mx, my);
    if (Double.isNaN(rho)) {
      assertEquals("", line.get("spearman"), question);
      assertEquals("inconclusive", line.get("verdict"), question);
      return;
    }
    assertEquals(rho, Double.parseDouble(line.get("spearman")), 1e-9, question);
    assertEquals(kendall(mx, my), Double.parseDouble(line.get("kendall")), 1e-9, question);
    double p = pValue(mx, my, 99);
    double csvP = Double.parseDouble(line.get("spearman_p"));
    boolean exact = factorial(n) <= budget;
    double tolerance = exact ? 1e-9 : 4 * Math.sqrt(0.25 / budget) + 1e-3;
    assertEquals(p, csvP, tolerance, question + ": permutation p");

    // Leave one variant out: the range, and which removals flip sign or significance.
    List<String> names = new ArrayList<>(byVariant.keySet());
    List<String> flips = new ArrayList<>();
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    boolean uncertainFlip = false;
    if (n - 1 >= 3) {
      for (int out = 0; out < n; out++) {
        double[] xs = without(mx, out);
        double[] ys = without(my, out);
        double r = spearman(xs, ys);
        if (Double.isNaN(r)) {
          flips.add(names.get(out));
          continue;
        }
        low = Math.min(low, r);
        high = Math.max(high, r);
        double pOut = pValue(xs, ys, 101 + out);
        boolean nearAlpha = !exact && Math.abs(pOut - ALPHA) < tolerance;
        boolean nearAlphaAll = !exact && Math.abs(p - ALPHA) < tolerance;
        uncertainFlip |= nearAlpha || nearAlphaAll;
        // A coefficient within rounding of 0 has no sign to flip (docs/studies.md).
        boolean signFlips =
            Math.abs(rho) >= 1e-12 && (Math.abs(r) < 1e-12 || Math.signum(r) != Math.signum(rho));
        if (signFlips || (pOut < ALPHA) != (p < ALPHA)) {
          flips.add(names.get(out));
        }
      }
      assertEquals(low, Double.parseDouble(line.get("leave_one_out_low")), 1e-9, question);
      assertEquals(high, Double.parseDouble(line.get("leave_one_out_high")), 1e-9, question);
      if (!uncertainFlip) {
        assertEquals(String.join(" ", flips), line.get("flips"), question);
      }
    }

    // The interval: another generator, the same two-level scheme, within Monte Carlo error.
    double csvLow = Double.parseDouble(line.get("spearman_low"));
    double csvHigh = Double.parseDouble(line.get("spearman_high"));
    double[] interval = bootstrap(new ArrayList<>(byVariant.values()), 4000);
    assertEquals(interval[0], csvLow, 0.15, question + ": interval low");
    assertEquals(interval[1], csvHigh, 0.15, question + ": interval high");

    // The rules, in order.
    boolean pNearAlpha = !exact && Math.abs(p - ALPHA) < tolerance;
    boolean significant = (pNearAlpha ? csvP : p) < ALPHA;
    boolean excludesZero = (csvLow > 0 && csvHigh > 0) || (csvLow < 0 && csvHigh < 0);
    List<String> usedFlips = uncertainFlip ? splitFlips(line.get("flips")) : flips;
    String verdict =
        !significant || !excludesZero
            ? "inconclusive"
            : !usedFlips.isEmpty()
                ? "inconclusive"
                : Math.signum(rho) == claim ? "supported" : "contradicted";
    assertEquals(verdict, line.get("verdict"), question + ": " + line.get("reason"));
  }

  private static List<String> splitFlips(String cell) {
    return cell.isEmpty() ? List.of() : Arrays.asList(cell.split(" "));
  }

  /** The transfer's label as the study names it: method, block, wiring, shots. */
  static String label(CSVRecord row) {
    StringBuilder label = new StringBuilder(row.get("method"));
    for (String column : List.of("block", "scl_variant")) {
      if (!row.get(column).isEmpty()) {
        label.append(' ').append(row.get(column));
      }
    }
    if (!row.get("shots_per_class").isEmpty()) {
      label.append(' ').append(row.get("shots_per_class")).append(" shots");
    }
    return label.toString();
  }

  static double spearman(double[] x, double[] y) {
    return pearson(ranks(x), ranks(y));
  }

  static double pearson(double[] x, double[] y) {
    int n = x.length;
    if (n < 3) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  /** 1-based ranks, ties sharing their average rank. */
  static double[] ranks(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      int less = 0;
      int equal = 0;
      for (double w : v) {
        if (w < v[i]) {
          less++;
        } else if (w == v[i]) {
          equal++;
        }
      }
      r[i] = less + (equal + 1) / 2.0;
    }
    return r;
  }

  /** Kendall's τ-b by counting concordant, discordant and tied pairs. */
  static double kendall(double[] x, double[] y) {
    long concordant = 0;
    long discordant = 0;
    long tiedX = 0;
    long tiedY = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        double dx = Math.signum(x[i] - x[j]);
        double dy = Math.signum(y[i] - y[j]);
        if (dx == 0 && dy == 0) {
          continue;
        }
        if (dx == 0) {
          tiedX++;
        } else if (dy == 0) {
          tiedY++;
        } else if (dx == dy) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double n0 = concordant + discordant;
    return (concordant - discordant) / Math.sqrt((n0 + tiedX) * (n0 + tiedY));
  }

  private double pValue(double[] x, double[] y, long seed) {
    double observed = Math.abs(spearman(x, y)) - 1e-12;
    int n = y.length;
    if (factorial(n) <= budget) {
      int[] extreme = {0};
      int[] total = {0};
      permute(y.clone(), 0, x, observed, extreme, total);
      return (double) extreme[0] / total[0];
    }
    Random random = new Random(seed);
    int extreme = 0;
    double[] shuffled = y.clone();
    for (int b = 0; b < budget; b++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      if (Math.abs(spearman(x, shuffled)) >= observed) {
        extreme++;
      }
    }
    return (extreme + 1.0) / (budget + 1.0);
  }

  /** Heap-free recursive enumeration of every arrangement of {@code y}. */
  private static void permute(
      double[] y, int k, double[] x, double observed, int[] extreme, int[] total) {
    if (k == y.length) {
      total[0]++;
      double r = spearman(x, y);
      if (!Double.isNaN(r) && Math.abs(r) >= observed) {
        extreme[0]++;
      }
      return;
    }
    for (int i = k; i < y.length; i++) {
      double t = y[k];
      y[k] = y[i];
      y[i] = t;
      permute(y, k + 1, x, observed, extreme, total);
      y[i] = y[k];
      y[k] = t;
    }
  }

  private static double[] bootstrap(List<List<double[]>> variants, int resamples) {
    Random random = new Random(12345);
    int n = variants.size();
    double[] values = new double[resamples];
    int used = 0;
    for (int b = 0; b < resamples; b++) {
      double[] xs = new double[n];
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        List<double[]> runs = variants.get(random.nextInt(n));
        for (int j = 0; j < runs.size(); j++) {
          double[] pick = runs.get(random.nextInt(runs.size()));
          xs[i] += pick[0] / runs.size();
          ys[i] += pick[1] / runs.size();
        }
      }
      double r = spearman(xs, ys);
      if (!Double.isNaN(r)) {
        values[used++] = r;
      }
    }
    double[] sorted = Arrays.copyOf(values, used);
    Arrays.sort(sorted);
    return new double[] {
      sorted[(int) Math.floor(0.025 * (used - 1))], sorted[(int) Math.ceil(0.975 * (used - 1))]
    };
  }

  private static long factorial(int n) {
    long f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
      if (f > Integer.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
    }
    return f;
  }

  private static double[] without(double[] v, int index) {
    double[] out = new double[v.length - 1];
    for (int i = 0, j = 0; i < v.length; i++) {
      if (i != index) {
        out[j++] = v[i];
      }
    }
    return out;
  }

  static List<CSVRecord> read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .get()
          .parse(in)
          .getRecords();
    }
  }
}
