package org.nclab.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.graph.TrainingGraphs;
import org.nclab.runtime.run.CheckpointListener;
import org.nclab.runtime.run.Checkpoints;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/** Stopping anywhere and resuming from the last checkpoint changes nothing, bit for bit. */
class ResumeTest {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);
  private static final List<String> TIMING =
      List.of("train/images_per_second", "train/epoch_seconds");

  @Test
  void resumedRunsEndWithTheSameWeightsAndEpochMetrics(@TempDir Path dir) {
    for (String optimizer : List.of("sgd", "adam")) {
      Dataset data = TinyData.dataset(4, 200, 64, SHAPE, 2);
      TrainSettings settings = TrainerTestSupport.settings(optimizer, 3); // 7 steps per epoch
      Outcome straight = train(dir.resolve(optimizer + "-straight"), data, settings, List.of());
      Outcome interrupted =
          train(dir.resolve(optimizer + "-resumed"), data, settings, List.of(4L, 9L, 15L));
      assertEquals(straight.epochMetrics(), interrupted.epochMetrics(), optimizer);
      for (String name : straight.weights().keySet()) {
        assertArrayEquals(
            straight.weights().get(name), interrupted.weights().get(name), optimizer + " " + name);
      }
    }
  }

  record Outcome(Map<String, float[]> weights, List<Map<String, Double>> epochMetrics) {}

  /** Trains with a checkpoint every 3 steps, stopping after each of {@code stops} and resuming. */
  private static Outcome train(
      Path runDir, Dataset data, TrainSettings settings, List<Long> stops) {
    Checkpoints checkpoints = new Checkpoints(runDir, 100);
    List<Map<String, Double>> epochs = new ArrayList<>();
    List<Long> pending = new ArrayList<>(stops);
    while (true) {
      try (Graph g = new Graph()) {
        TrainingGraph tg = ModelAssembly.build(g, TrainerTestSupport.spec(settings));
        try (Session s = new Session(g)) {
          ResumePoint from = ResumePoint.start();
          var latest = checkpoints.latest();
          if (latest.isPresent()) {
            from = checkpoints.restore(s, latest.get()).resume();
          } else {
            s.run(tg.initializer());
          }
          Long stopAt = pending.isEmpty() ? null : pending.remove(0);
          TrainingListener recorder =
              new TrainingListener() {
                @Override
                public void onStep(TrainingState state, double loss, int batchSize) {
                  if (stopAt != null && state.step() == stopAt) {
                    state.requestStop();
                  }
                }

                @Override
                public void onEpochEnd(TrainingState state, Map<String, Double> metrics) {
                  Map<String, Double> kept = new TreeMap<>(metrics);
                  TIMING.forEach(kept::remove);
                  epochs.add(kept);
                }
              };
          Trainer trainer =
              new Trainer(
                  tg,
                  s,
                  data,
                  settings,
                  11,
                  List.of(recorder, new CheckpointListener(checkpoints, 1, 3)),
                  Ticker.systemTicker());
          trainer.fit(from);
          if (!trainer.state().stopRequested()) {
            return new Outcome(TrainingGraphs.snapshot(s, tg), epochs);
          }
        }
      }
    }
  }
}
