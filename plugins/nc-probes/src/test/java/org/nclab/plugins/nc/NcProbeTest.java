package org.nclab.plugins.nc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.nc.TestAsserts.assertFiniteValues;
import static org.nclab.plugins.nc.TestAsserts.assertMetricsRelative;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.Options;
import org.nclab.api.probe.ClassifierWeights;

/** The probe as the runtime drives it: options, passes, and what comes back. */
class NcProbeTest {
  private static final NcProbe PROBE = new NcProbe();
  private static final LabelledFeatures DATA =
      LabelledFeatures.gaussian(53, 16, new int[] {50, 60, 40, 70, 55}, 1.0, 1.5);

  @Test
  void options_haveTheDocumentedDefaults() {
    Options defaults = options(Map.of());
    assertFalse(defaults.getBool("balanced"));
    assertTrue(defaults.getBool("nc4"));
    assertEquals(1e-10, defaults.getDouble("rank_tolerance"));
    assertEquals(0, defaults.getInt("threads"));
    assertEquals("nc", PROBE.id());
  }

  @Test
  void withAClassifierAndPredictions_everyMetricAndTwoPasses() {
    ArrayProbeInput input =
        new ArrayProbeInput(DATA.withPredictions(nccPredictions(DATA)), randomClassifier(DATA), 32);
    Map<String, Double> metrics = PROBE.measure(options(Map.of()), input);
    assertEquals(2, input.passes());
    assertEquals(
        List.of(
            NcMetrics.CLASSES_PRESENT,
            NcMetrics.NC1,
            NcMetrics.NC1_RANK,
            NcMetrics.NC1_QUOTIENT,
            NcMetrics.EQUINORM_MEANS,
            NcMetrics.ETF_DISTANCE_MEANS,
            NcMetrics.COHERENCE_MEANS,
            NcMetrics.EQUINORM_CLASSIFIER,
            NcMetrics.ETF_DISTANCE_CLASSIFIER,
            NcMetrics.COHERENCE_CLASSIFIER,
            NcMetrics.SELF_DUALITY,
            NcMetrics.CDNV,
            NcMetrics.NCC_MISMATCH),
        List.copyOf(metrics.keySet()));
    assertFiniteValues(metrics);
    assertEquals(0.0, metrics.get(NcMetrics.NCC_MISMATCH), "predictions are the NCC's own");
  }

  @Test
  void nc4_isTheFractionOfRowsWhereTheClassifierDisagreesWithNcc() {
    int[] predictions = nccPredictions(DATA);
    for (int row : new int[] {0, 5, 17, 100, 101, 200, 274}) {
      predictions[row] = (predictions[row] + 1) % DATA.numClasses();
    }
    Map<String, Double> metrics =
        PROBE.measure(
            options(Map.of()), new ArrayProbeInput(DATA.withPredictions(predictions), null, 64));
    assertEquals(7.0 / DATA.size(), metrics.get(NcMetrics.NCC_MISMATCH), 1e-15);
  }

  @Test
  void withoutPredictions_onePassAndNoNc4() {
    ArrayProbeInput input = new ArrayProbeInput(DATA, null, 64);
    Map<String, Double> metrics = PROBE.measure(options(Map.of()), input);
    assertEquals(1, input.passes());
    assertFalse(metrics.containsKey(NcMetrics.NCC_MISMATCH));
    assertFalse(metrics.containsKey(NcMetrics.SELF_DUALITY));
  }

  @Test
  void nc4Off_onePass() {
    ArrayProbeInput input =
        new ArrayProbeInput(DATA.withPredictions(nccPredictions(DATA)), null, 64);
    PROBE.measure(options(Map.of("nc4", false)), input);
    assertEquals(1, input.passes());
  }

  /** Threads change who adds what, not the order of the additions: identical metrics. */
  @Test
  void threadCount_doesNotChangeTheMetrics() {
    Map<String, Double> one =
        PROBE.measure(options(Map.of("threads", 1L)), new ArrayProbeInput(DATA, null, 64));
    Map<String, Double> three =
        PROBE.measure(options(Map.of("threads", 3L)), new ArrayProbeInput(DATA, null, 64));
    assertEquals(one, three);
  }

  /**
   * A class the split does not contain has no mean. Decision: every metric is computed over the
   * classes present (K' replaces K, their classifier rows only), exactly as if the absent class had
   * never been declared, and {@code classes_present} says how many there were.
   */
  @Test
  void aDeclaredClassWithoutExamples_isLeftOutOfEveryMetric() {
    ClassifierWeights four = randomClassifier(DATA.withNumClasses(6));
    double[] firstFive = Arrays.copyOf(four.weights(), 5 * DATA.dim());
    ClassifierWeights five = new ClassifierWeights(firstFive, new double[5], 5, DATA.dim());
    int[] predictions = nccPredictions(DATA);
    Map<String, Double> declaredSix =
        PROBE.measure(
            options(Map.of()),
            new ArrayProbeInput(DATA.withNumClasses(6).withPredictions(predictions), four, 64));
    Map<String, Double> declaredFive =
        PROBE.measure(
            options(Map.of()), new ArrayProbeInput(DATA.withPredictions(predictions), five, 64));
    assertEquals(5.0, declaredSix.get(NcMetrics.CLASSES_PRESENT));
    assertMetricsRelative(declaredFive, declaredSix, 0);
  }

  /** Degenerate inputs: metrics that do not apply are left out, never NaN or infinite. */
  @Test
  void degenerateInputs_giveOnlyFiniteMetrics() {
    LabelledFeatures oneClass =
        new LabelledFeatures.Builder(2, 3).add(1, 1, 2).add(1, 3, 4).build();
    Map<String, Double> single = measure(oneClass, null);
    assertEquals(Map.of(NcMetrics.CLASSES_PRESENT, 1.0), single);

    LabelledFeatures empty = new LabelledFeatures(new float[0], new int[0], null, 4, 3);
    assertEquals(Map.of(NcMetrics.CLASSES_PRESENT, 0.0), measure(empty, null));

    LabelledFeatures sameMeans =
        new LabelledFeatures.Builder(2, 2)
            .add(0, 1, 1)
            .add(0, -1, -1)
            .add(1, 1, -1)
            .add(1, -1, 1)
            .build();
    ClassifierWeights zero = new ClassifierWeights(new double[4], new double[2], 2, 2);
    Map<String, Double> collapsedMeans = measure(sameMeans, zero);
    assertFiniteValues(collapsedMeans);
    assertEquals(0.0, collapsedMeans.get(NcMetrics.NC1_RANK));
    assertFalse(collapsedMeans.containsKey(NcMetrics.NC1));
    assertFalse(collapsedMeans.containsKey(NcMetrics.CDNV));

    float[] withNaN = DATA.features().clone();
    withNaN[3] = Float.NaN;
    withNaN[DATA.dim() * 10] = Float.NEGATIVE_INFINITY;
    Map<String, Double> skipped =
        measure(DATA.withFeatures(withNaN).withPredictions(nccPredictions(DATA)), null);
    assertFiniteValues(skipped);
    assertEquals(2.0, skipped.get(NcMetrics.SKIPPED_ROWS));
    assertTrue(skipped.containsKey(NcMetrics.NCC_MISMATCH));
  }

  @Test
  void manyRandomShapes_giveOnlyFiniteMetrics() {
    Random random = new Random(59);
    for (int trial = 0; trial < 30; trial++) {
      int k = 1 + random.nextInt(8);
      int dim = 1 + random.nextInt(12);
      int[] counts = new int[k];
      for (int c = 0; c < k; c++) {
        counts[c] = random.nextInt(4); // zeros and ones included
      }
      LabelledFeatures data = LabelledFeatures.gaussian(trial, dim, counts, random.nextDouble(), 1);
      assertFiniteValues(
          measure(data.withPredictions(nccPredictions(data)), randomClassifier(data)));
    }
  }

  @Test
  void classifierOfTheWrongShape_isRefused() {
    ClassifierWeights wrong = new ClassifierWeights(new double[6], new double[2], 2, 3);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> measure(DATA, wrong));
    assertTrue(error.getMessage().contains("K=5, d=16"), error.getMessage());
  }

  private static Map<String, Double> measure(LabelledFeatures data, ClassifierWeights classifier) {
    return PROBE.measure(options(Map.of()), new ArrayProbeInput(data, classifier, 16));
  }

  private static Options options(Map<String, ?> given) {
    return Options.withDefaults("probe 'nc'", PROBE.options(), given);
  }

  /** Nearest class mean by plain float64 distances, written apart from the plugin's. */
  static int[] nccPredictions(LabelledFeatures data) {
    DirectNc direct = new DirectNc(data, false);
    int[] out = new int[data.size()];
    for (int r = 0; r < data.size(); r++) {
      double best = Double.POSITIVE_INFINITY;
      for (int a = 0; a < direct.classes.length; a++) {
        double distance = 0;
        for (int j = 0; j < data.dim(); j++) {
          double gap = data.value(r, j) - direct.means[a][j];
          distance += gap * gap;
        }
        if (distance < best) {
          best = distance;
          out[r] = direct.classes[a];
        }
      }
    }
    return out;
  }

  static ClassifierWeights randomClassifier(LabelledFeatures data) {
    Random random = new Random(61);
    int k = data.numClasses();
    double[] weights = new double[k * data.dim()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = random.nextGaussian();
    }
    return new ClassifierWeights(weights, new double[k], k, data.dim());
  }
}
