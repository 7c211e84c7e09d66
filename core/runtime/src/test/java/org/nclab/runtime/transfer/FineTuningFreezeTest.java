package org.nclab.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.graph.TrainableScopes;
import org.nclab.runtime.graph.TrainingGraphs;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.train.Evaluator;
import org.nclab.runtime.train.TinyData;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.TrainerTestSupport;

/**
 * Transfer models from a real pre-trained checkpoint: the backbone arrives exactly as saved, each
 * method trains exactly the variables it names, and everything else, batch-norm statistics
 * included, is bit for bit what the checkpoint held after fine-tuning.
 */
class FineTuningFreezeTest {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);
  private static final TrainSettings SETTINGS = TrainerTestSupport.settings("sgd", 2);

  @TempDir static Path run;
  private static Path checkpoint;
  private static Map<String, float[]> pretrained;

  /** A tiny cnn (block1: 8 channels, block2: 16) pre-trained on 4 classes, checkpointed. */
  @BeforeAll
  static void pretrain() {
    TinyPretrainedRun source = TinyPretrainedRun.train(run, SETTINGS);
    checkpoint = source.checkpoint();
    pretrained = source.variables();
  }

  /** Downstream: 3 other classes, so the classifier cannot be restored and must be new. */
  private static Dataset downstream() {
    return TinyData.dataset(3, 96, 30, SHAPE, 99);
  }

  private static ModelSpec downstreamSpec() {
    return TrainerTestSupport.spec(SETTINGS).forTransfer(3, TrainableScopes.ALL, null);
  }

  @Test
  void theBackboneArrivesExactlyAsCheckpointed() {
    try (TransferModel model =
        TransferModel.open(
            downstreamSpec(),
            TransferMethod.FULL,
            "block2",
            SkipConnection.Variant.CONCAT,
            checkpoint,
            SessionSettings.defaults())) {
      Map<String, float[]> restored = TrainingGraphs.snapshot(model.session(), model.model());
      for (var entry : restored.entrySet()) {
        if (entry.getKey().startsWith("backbone/")) {
          assertArrayEquals(pretrained.get(entry.getKey()), entry.getValue(), entry.getKey());
        }
      }
      assertEquals(
          16 * 3, restored.get("classifier/kernel").length, "a new classifier for 3 classes");
    }
  }

  @Test
  void layerFineTuningChangesOnlyTheBlockAndTheClassifier() {
    assertOnlyTrainedScopesChange(
        TransferMethod.LAYER,
        "block1",
        SkipConnection.Variant.CONCAT,
        List.of("backbone/block1/", "classifier/"));
    assertOnlyTrainedScopesChange(
        TransferMethod.LAYER,
        "block2",
        SkipConnection.Variant.CONCAT,
        List.of("backbone/block2/", "classifier/"));
  }

  @Test
  void sclFineTuningChangesOnlyTheBlockTheSkipAndTheClassifier() {
    assertOnlyTrainedScopesChange(
        TransferMethod.SCL,
        "block1",
        SkipConnection.Variant.CONCAT,
        List.of("backbone/block1/", "classifier/"));
    assertOnlyTrainedScopesChange(
        TransferMethod.SCL,
        "block1",
        SkipConnection.Variant.PROJECT,
        List.of("backbone/block1/", "skip/", "classifier/"));
  }

  @Test
  void theLinearProbesFrozenModelNeverChanges() {
    try (TransferModel model =
        TransferModel.open(
            downstreamSpec(),
            TransferMethod.LINEAR_PROBE,
            "",
            SkipConnection.Variant.CONCAT,
            checkpoint,
            SessionSettings.defaults())) {
      Dataset data = downstream();
      FrozenFeatures features = FrozenFeatures.extract(model, data, 64);
      LinearProbe.Outcome fit =
          LinearProbe.fit(
              features.train(), features.test(), 3, new LinearProbe.Settings(1e-4, 500, 1e-6));
      // Well above chance (1/3) on classes the backbone never saw; the exact figure is not the
      // point.
      assertTrue(
          fit.trainAccuracy() > 0.6, "probe on pre-trained features: " + fit.trainAccuracy());
      Map<String, float[]> after = TrainingGraphs.snapshot(model.session(), model.model());
      for (var entry : after.entrySet()) {
        if (entry.getKey().startsWith("backbone/")) {
          assertArrayEquals(pretrained.get(entry.getKey()), entry.getValue(), entry.getKey());
        }
      }
      assertEquals(16 * 3 + 3, model.model().trainedParameters(), "the linear probe's weights");
    }
  }

  @Test
  void aClassifierStartedFromTheProbePredictsWhatTheProbePredicts() {
    Dataset data = downstream();
    // bypass is left out: its classifier reads the block, not the features the probe is fitted on.
    for (SkipConnection.Variant variant :
        List.of(SkipConnection.Variant.CONCAT, SkipConnection.Variant.PROJECT)) {
      for (TransferMethod method :
          List.of(TransferMethod.LAYER, TransferMethod.SCL, TransferMethod.FULL)) {
        try (TransferModel model =
            TransferModel.open(
                downstreamSpec(),
                method,
                "block1",
                variant,
                checkpoint,
                SessionSettings.defaults())) {
          FrozenFeatures features = FrozenFeatures.extract(model, data, 64);
          SoftmaxRegression probe =
              LinearProbe.solve(features.train(), 3, new LinearProbe.Settings(1e-4, 500, 1e-6));
          model.startClassifierFrom(probe.asDenseLayer());
          double graphAccuracy =
              new Evaluator(model.session(), model.model().eval(), SHAPE, 64)
                  .evaluate(data.split("train"), "train")
                  .accuracy();
          // float32 logits against float64: at most a near-tie or two may flip.
          assertEquals(
              probe.accuracy(features.train()),
              graphAccuracy,
              2.0 / data.split("train").size(),
              method + " " + variant);
        }
      }
    }
  }

  @Test
  void parameterCountsMatchTheArchitecture() {
    // block1: 3x3x1x8 conv + 8 gamma + 8 beta = 88; block2: 3x3x8x16 + 16 + 16 = 1,184;
    // classifier on 16 features, 3 classes: 51; on [16 features, 8 of block1]: 75;
    // projection 8 -> 16 with bias: 144.
    assertCounts(TransferMethod.FULL, "block2", SkipConnection.Variant.CONCAT, 1323, 1323);
    assertCounts(TransferMethod.LAYER, "block2", SkipConnection.Variant.CONCAT, 1184 + 51, 1323);
    assertCounts(TransferMethod.LAYER, "block1", SkipConnection.Variant.CONCAT, 88 + 51, 1323);
    assertCounts(
        TransferMethod.SCL, "block1", SkipConnection.Variant.CONCAT, 88 + 75, 88 + 1184 + 75);
    assertCounts(
        TransferMethod.SCL,
        "block1",
        SkipConnection.Variant.PROJECT,
        88 + 144 + 51,
        88 + 1184 + 144 + 51);
    assertCounts(TransferMethod.LINEAR_PROBE, "", SkipConnection.Variant.CONCAT, 51, 1323);
  }

  private static void assertCounts(
      TransferMethod method,
      String block,
      SkipConnection.Variant variant,
      long trained,
      long total) {
    try (TransferModel model =
        TransferModel.open(
            downstreamSpec(), method, block, variant, checkpoint, SessionSettings.defaults())) {
      assertEquals(
          trained,
          model.model().trainedParameters(),
          method + " " + block + " " + variant + " trained");
      assertEquals(
          total,
          model.model().trainableParameters(),
          method + " " + block + " " + variant + " total");
    }
  }

  private static void assertOnlyTrainedScopesChange(
      TransferMethod method,
      String block,
      SkipConnection.Variant variant,
      List<String> trainedPrefixes) {
    Dataset data = downstream();
    try (TransferModel model =
        TransferModel.open(
            downstreamSpec(), method, block, variant, checkpoint, SessionSettings.defaults())) {
      Map<String, float[]> before = TrainingGraphs.snapshot(model.session(), model.model());
      FineTuning.fit(model, data, SETTINGS, 7, List.of());
      Map<String, float[]> after = TrainingGraphs.snapshot(model.session(), model.model());
      String what = method + " " + block + " " + variant;
      for (var entry : after.entrySet()) {
        String name = entry.getKey();
        if (name.startsWith("optimizer")) {
          continue; // the optimizer's slots of trained variables
        }
        boolean trained = trainedPrefixes.stream().anyMatch(name::startsWith);
        if (trained) {
          assertFalse(
              Arrays.equals(before.get(name), entry.getValue()),
              what + ": " + name + " should have trained");
        } else {
          assertArrayEquals(
              before.get(name), entry.getValue(), what + ": frozen " + name + " changed");
          if (name.startsWith("backbone/")) {
            assertArrayEquals(
                pretrained.get(name),
                entry.getValue(),
                what + ": " + name + " differs from the checkpoint");
          }
        }
      }
    }
  }
}
