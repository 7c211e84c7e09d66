package org.nclab.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.graph.TrainingGraphs;
import org.nclab.runtime.run.CheckpointListener;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.variables.ModelVariable;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class TrainerTest {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);

  @Test
  void sameSeedGivesTheSameLossCurveBitForBit() {
    for (String optimizer : List.of("sgd", "adam")) {
      List<Double> first = lossCurve(optimizer);
      List<Double> second = lossCurve(optimizer);
      assertEquals(first, second, optimizer);
      assertTrue(first.size() >= 10);
    }
  }

  @Test
  void learnsTinyDataAndCheckpointsRestoreExactly(@TempDir Path dir) {
    Dataset data = TinyData.dataset(4, 2048, 128, SHAPE, 3);
    TrainSettings settings = TrainerTestSupport.settings("sgd", 3);
    Checkpoints checkpoints = new Checkpoints(dir, 2);
    float[] trained;
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        Map<String, Double> last =
            new Trainer(
                    tg,
                    s,
                    data,
                    settings,
                    11,
                    List.of(new CheckpointListener(checkpoints, 1, 0)),
                    Ticker.systemTicker())
                .fit();
        assertTrue(last.get("test/accuracy") > 0.9, "test accuracy " + last);
        trained = read(s, tg.variables().get(0));
      }
    }
    assertEquals(2, checkpoints.list().size(), "keeps the last two");
    Path latest = checkpoints.latest().orElseThrow();
    assertTrue(latest.endsWith("epoch-0003"));
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
      try (Session s = new Session(g)) {
        Checkpoints.Metadata meta = checkpoints.restore(s, latest);
        assertEquals(3, meta.epoch());
        assertArrayEquals(trained, read(s, tg.variables().get(0)));
      }
    }
  }

  private static float[] read(Session s, ModelVariable v) {
    try (var r = s.runner().fetch(v.read()).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  private static List<Double> lossCurve(String optimizer) {
    Dataset data = TinyData.dataset(4, 256, 64, SHAPE, 5);
    TrainSettings settings = TrainerTestSupport.settings(optimizer, 2);
    List<Double> losses = new ArrayList<>();
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
      try (Session s = new Session(g)) {
        s.run(tg.initializer());
        TrainingListener recorder =
            new TrainingListener() {
              @Override
              public void onStep(TrainingState state, double loss, int batchSize) {
                losses.add(loss);
              }
            };
        new Trainer(tg, s, data, settings, 9, List.of(recorder), Ticker.systemTicker()).fit();
      }
    }
    return losses;
  }

  @Test
  void aNonFiniteStepStopsTheRunNamingTheStepAndLeavesTheWeightsFinite() {
    try (ExplodingRun run = new ExplodingRun(false)) {
      NonFiniteLossException e = assertThrows(NonFiniteLossException.class, run.trainer::fit);
      assertTrue(e.getMessage().contains("training step"), e.getMessage());
      run.assertEveryVariableFinite();
    }
  }

  @Test
  void skipModeCountsNonFiniteStepsAndGoesOn() {
    try (ExplodingRun run = new ExplodingRun(true)) {
      Map<String, Double> metrics = run.trainer.fit();
      assertTrue(metrics.get("train/skipped_steps") >= 1, metrics.toString());
      run.assertEveryVariableFinite();
    }
  }

  /** A model trained with a learning rate of 1e30: its loss turns non-finite within a few steps. */
  private static final class ExplodingRun implements AutoCloseable {
    private final Graph graph = new Graph();
    private final TrainingGraph model =
        ModelAssembly.build(graph, TrainerTestSupport.spec(TrainerTestSupport.settings("sgd", 1)));
    private final Session session = new Session(graph);
    final Trainer trainer;

    ExplodingRun(boolean skip) {
      session.run(model.initializer());
      TrainSettings exploding =
          new TrainSettings(
              1,
              32,
              64,
              5,
              skip,
              new TrainSettings.OptimizerSettings("sgd", 0.9, false, 0, 0.9, 0.999, 1e-7),
              new TrainSettings.Schedule("constant", 1e30, 0, List.of(), 0.1));
      trainer =
          new Trainer(
              model,
              session,
              TinyData.dataset(4, 256, 64, SHAPE, 5),
              exploding,
              9,
              List.of(),
              Ticker.systemTicker());
    }

    /** The guard kept every non-finite step from assigning anything. */
    void assertEveryVariableFinite() {
      TrainingGraphs.snapshot(session, model)
          .forEach(
              (name, values) -> {
                for (float v : values) {
                  assertTrue(Float.isFinite(v), name);
                }
              });
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
