package org.nclab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nclab.api.data.Dataset;
import org.nclab.api.options.Options;
import org.nclab.api.train.Regularizer;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.graph.WeightedRegularizer;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainingListener;
import org.nclab.runtime.train.TrainingState;
import org.nclab.testkit.WaveImages;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Each regularizer in a real model, built by the runtime's {@link ModelAssembly} (a small CNN, its
 * classifier, the weighted objective, SGD) and trained for a few epochs by its {@link Trainer}, as
 * {@code nclab train} would with the equivalent [[regularizer]] tables. Every logged figure must be
 * finite and the objective must fall. It lives with the distribution's tests because it needs
 * nclab's runtime, which a plugin's own tests never import (they use nclab-api-testkit).
 */
class EndToEndTrainingIT {
  private static final int EPOCHS = 3;
  private static final Dataset DATA = WaveImages.dataset(4, 256, 64, 3);

  @Test
  void mse() {
    trainsAndLogs(List.of(use(new MseRegularizer(), Map.of(), 1.0)), "loss/mse");
  }

  @Test
  void labelSmoothing() {
    trainsAndLogs(
        List.of(use(new LabelSmoothingRegularizer(), Map.of(), 1.0)), "loss/label-smoothing");
  }

  @Test
  void focal() {
    trainsAndLogs(List.of(use(new FocalRegularizer(), Map.of(), 1.0)), "loss/focal");
  }

  @Test
  void supconBesideCrossEntropy() {
    trainsAndLogs(
        List.of(crossEntropy(), use(new SupConRegularizer(), smallHead(), 0.5)), "loss/supcon");
  }

  @Test
  void withinClassVariabilityBesideCrossEntropy() {
    // A target above block1's scatter ratio, so that the hinge is active and its gradient trains.
    List<Map<String, Double>> epochs =
        trainsAndLogs(
            List.of(
                crossEntropy(),
                use(
                    new WithinClassVariabilityRegularizer(),
                    Map.of("tap", "block1", "target", 5.0),
                    1.0)),
            "loss/within-class-variability");
    assertTrue(epochs.get(0).get("loss/within-class-variability") > 0, epochs::toString);
  }

  @Test
  void vicregBesideCrossEntropy() {
    trainsAndLogs(
        List.of(crossEntropy(), use(new VicRegRegularizer(), Map.of(), 0.1)),
        "loss/vicreg-variance",
        "loss/vicreg-covariance");
  }

  /** The example: three [[regularizer]] tables in one run. */
  @Test
  void threeMixed() {
    trainsAndLogs(
        List.of(
            use(new LabelSmoothingRegularizer(), Map.of(), 1.0),
            use(new SupConRegularizer(), smallHead(), 0.3),
            use(new WithinClassVariabilityRegularizer(), Map.of(), 1.0)),
        "loss/label-smoothing",
        "loss/supcon",
        "loss/within-class-variability");
  }

  /** Trains, checks every epoch's figures and the objective's fall, returns the epochs' metrics. */
  private static List<Map<String, Double>> trainsAndLogs(
      List<WeightedRegularizer> regularizers, String... terms) {
    List<Map<String, Double>> epochs = train(regularizers);
    assertEquals(EPOCHS, epochs.size());
    for (Map<String, Double> metrics : epochs) {
      for (String term : terms) {
        assertTrue(metrics.containsKey(term), () -> term + " not logged: " + metrics.keySet());
      }
      metrics.forEach(
          (name, value) -> assertTrue(Double.isFinite(value), () -> name + " = " + value));
    }
    double first = epochs.get(0).get("train/loss");
    double last = epochs.get(EPOCHS - 1).get("train/loss");
    assertTrue(last < first, () -> "objective did not fall: " + first + " -> " + last);
    return epochs;
  }

  /** Per-epoch metrics of a fresh model trained with these regularizers. */
  private static List<Map<String, Double>> train(List<WeightedRegularizer> regularizers) {
    TrainSettings settings =
        new TrainSettings(
            EPOCHS,
            32,
            64,
            4,
            false,
            new TrainSettings.OptimizerSettings("sgd", 0.9, false, 5e-4, 0.9, 0.999, 1e-7),
            new TrainSettings.Schedule("cosine", 0.05, 0.0, List.of(), 0.1));
    var cnn = new CnnBackbone();
    ModelSpec spec =
        ModelSpec.plain(
            DATA.shape(),
            DATA.numClasses(),
            cnn,
            Options.withDefaults(
                "model",
                cnn.options(),
                Map.of("widths", List.of(8L, 16L), "pool_after", List.of(1L, 2L))),
            regularizers,
            settings.buildOptimizer(),
            7);
    List<Map<String, Double>> epochs = new ArrayList<>();
    TrainingListener recorder =
        new TrainingListener() {
          @Override
          public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
            epochs.add(Map.copyOf(metrics));
          }
        };
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, spec);
      try (Session session = new Session(graph)) {
        session.run(model.initializer());
        new Trainer(model, session, DATA, settings, 11, List.of(recorder), Ticker.systemTicker())
            .fit();
      }
    }
    return epochs;
  }

  private static Map<String, ?> smallHead() {
    return Map.of("head_width", 32, "head_dim", 16);
  }

  private static WeightedRegularizer crossEntropy() {
    return use(new CrossEntropyRegularizer(), Map.of(), 1.0);
  }

  /** One [[regularizer]] table, scoped the way the runtime scopes them. */
  private static WeightedRegularizer use(
      Regularizer regularizer, Map<String, ?> options, double weight) {
    return new WeightedRegularizer(
        "regularizer_" + regularizer.id(),
        regularizer,
        Options.withDefaults(regularizer.id(), regularizer.options(), options),
        weight);
  }
}
