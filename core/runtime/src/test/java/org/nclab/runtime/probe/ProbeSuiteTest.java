package org.nclab.runtime.probe;

import static org.junit.jupiter.api.Assertions.*;

import com.google.common.base.Ticker;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.UserException;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.options.Options;
import org.nclab.api.probe.FeatureBatch;
import org.nclab.api.probe.Probe;
import org.nclab.api.probe.ProbeInput;
import org.nclab.runtime.data.ClassBalancedSample;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.train.TinyData;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainerTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class ProbeSuiteTest {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);

  /** Records what it is given and checks the classifier against the predictions. */
  static final class RecordingProbe implements Probe {
    @Override
    public String id() {
      return "recording";
    }

    @Override
    public String summary() {
      return "test probe";
    }

    @Override
    public Map<String, Double> measure(Options options, ProbeInput input) {
      double[] count = new double[1];
      double[] perClass = new double[input.numClasses()];
      double[] mismatches = new double[1];
      long[] bits = new long[1];
      for (int pass = 0; pass < 2; pass++) { // a second pass must see the same data
        double[] sum = new double[1];
        input.forEachBatch(
            (FeatureBatch b) -> {
              for (int i = 0; i < b.size(); i++) {
                for (int j = 0; j < b.dim(); j++) {
                  sum[0] += b.features()[i * b.dim() + j];
                }
              }
            });
        count[0] = sum[0];
      }
      input.forEachBatch(
          b -> {
            for (int i = 0; i < b.size(); i++) {
              perClass[b.labels()[i]]++;
              if (b.predictions() != null) {
                mismatches[0] += argMaxOfLinear(input, b, i) == b.predictions()[i] ? 0 : 1;
              }
            }
          });
      Map<String, Double> out = new HashMap<>();
      out.put("sum", count[0]);
      out.put("examples", (double) Arrays.stream(perClass).sum());
      out.put("min_class", Arrays.stream(perClass).min().orElse(0));
      out.put("max_class", Arrays.stream(perClass).max().orElse(0));
      out.put("dim", (double) input.dim());
      out.put("size", (double) input.size());
      out.put("bits", (double) (bits[0] & 0xFFFFFFFFL)); // every float, label and prediction
      if (input.classifier().isPresent()) {
        out.put("prediction_mismatches", mismatches[0]);
      }
      return out;
    }

    private static int argMaxOfLinear(ProbeInput input, FeatureBatch b, int row) {
      var w = input.classifier().orElseThrow();
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < w.numClasses(); c++) {
        double z = w.bias()[c];
        for (int j = 0; j < w.dim(); j++) {
          z += w.weights()[c * w.dim() + j] * b.features()[row * b.dim() + j];
        }
        if (z > bestValue) {
          bestValue = z;
          best = c;
        }
      }
      return best;
    }
  }

  @Test
  void streamsEveryTapWithLabelsAndTheClassifierOnlyForFeatures_fromOneSharedPass() {
    Dataset data = TinyData.dataset(4, 400, 100, SHAPE, 3);
    TrainSettings settings = TrainerTestSupport.settings("sgd", 1);
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        new Trainer(tg, s, data, settings, 1, List.of(), Ticker.systemTicker()).fit();
        ProbeSuite suite = new ProbeSuite(s, tg, data, 64, 5);
        var results =
            suite.measure(
                new RecordingProbe(),
                new Options("p", Map.of()),
                List.of("train", "test"),
                List.of(),
                0);
        assertEquals(2 * 3, results.size(), "2 splits x (block1, block2, features)");
        // Budget 0: nothing fits in memory, so every probe pass runs the model on one tap, the
        // way before one shared pass per split; the numbers must not change by a bit.
        var streamed =
            new ProbeSuite(s, tg, data, 64, 5, true, 0)
                .measure(
                    new RecordingProbe(),
                    new Options("p", Map.of()),
                    List.of("train", "test"),
                    List.of(),
                    0);
        assertEquals(streamed, results, "features, labels, predictions and sums, bit for bit");
        for (var m : results) {
          assertEquals(
              m.split().equals("train") ? 400 : 100, m.metrics().get("examples"), m.toString());
          assertEquals(m.tap().equals("block1") ? 8 : 16, m.metrics().get("dim"), m.toString());
          assertEquals(
              m.tap().equals("features"),
              m.metrics().containsKey("prediction_mismatches"),
              m.toString());
        }
        var features =
            results.stream().filter(m -> m.tap().equals("features")).findFirst().orElseThrow();
        assertEquals(
            0.0,
            features.metrics().get("prediction_mismatches"),
            "W x + b reproduces the predictions");
        var flat = ProbeSuite.flatten(results);
        assertTrue(flat.containsKey("probe/test/block2/sum"), flat.keySet().toString());
      }
    }
  }

  @Test
  void classBalancedSampleTakesAtMostNPerClassDeterministically() {
    Dataset data = TinyData.dataset(4, 400, 100, SHAPE, 3);
    var split = data.split("train");
    int[] a = ClassBalancedSample.indices(split, 4, 10, 7);
    int[] b = ClassBalancedSample.indices(split, 4, 10, 7);
    assertArrayEquals(a, b);
    assertEquals(40, a.length);
    int[] perClass = new int[4];
    for (int i : a) {
      perClass[split.label(i)]++;
    }
    assertArrayEquals(new int[] {10, 10, 10, 10}, perClass);
    assertEquals(400, ClassBalancedSample.indices(split, 4, 0, 7).length);
  }

  @Test
  void anUnknownTapIsAUserErrorListingTheTaps() {
    Dataset data = TinyData.dataset(4, 40, 8, SHAPE, 3);
    TrainSettings settings = TrainerTestSupport.settings("sgd", 1);
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        ProbeSuite suite = new ProbeSuite(s, tg, data, 64, 5);
        UserException e =
            assertThrows(
                UserException.class,
                () ->
                    suite.measure(
                        new RecordingProbe(),
                        new Options("p", Map.of()),
                        List.of("train"),
                        List.of("block9"),
                        0));
        assertTrue(
            e.getMessage().contains("block9") && e.getMessage().contains("features"),
            e.getMessage());
      }
    }
  }
}
