package org.nclab.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.ImageShape;
import org.nclab.api.options.Options;
import org.nclab.runtime.backbones.MlpBackbone;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.nclab.runtime.optim.SgdOptimizer;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.session.DeviceChoice;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.train.ResumePoint;
import org.nclab.runtime.train.TinyData;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainerTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * {@code [run] replicas = 2} on two virtual CPU devices (the session's device_count): the towers
 * compute what one replica computes on the same global batches, their ops run on both devices as
 * TensorFlow's own step statistics report, and checkpoints move between replica counts.
 */
class ReplicasTest {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);
  private static final int CLASSES = 4;
  private static final int BATCH = 32;
  private static final Replication TWO = new Replication(2, false, false);
  private static final String CPU = "/job:localhost/replica:0/task:0/device:CPU:";

  @Test
  void mlpLossAfter50StepsEqualsOneReplicasOnTheSameBatches() {
    List<Float> one = mlpLosses(Replication.SINGLE, 50);
    List<Float> two = mlpLosses(TWO, 50);
    float first = one.get(0);
    float last = one.get(49);
    assertTrue(
        last < 0.8 * first,
        "the model learns, so equal losses mean equal updates: " + first + " -> " + last);
    for (int step = 0; step < 50; step++) {
      double relative = Math.abs(two.get(step) - one.get(step)) / Math.abs(one.get(step));
      assertTrue(
          relative <= 1e-5,
          "step "
              + (step + 1)
              + ": 1 replica "
              + one.get(step)
              + ", 2 replicas "
              + two.get(step)
              + " (relative "
              + relative
              + ")");
    }
  }

  @Test
  void cnnWithPerTowerBatchNormTrainsToTheSameAccuracyBand() {
    double one = cnnTestAccuracy(Replication.SINGLE);
    double two = cnnTestAccuracy(TWO);
    assertTrue(one > 0.9, "1 replica: test accuracy " + one);
    assertTrue(two > 0.9, "2 replicas: test accuracy " + two);
    assertTrue(Math.abs(one - two) <= 0.05, "1 replica " + one + ", 2 replicas " + two);
  }

  @Test
  void syncBatchNormGivesOneReplicasLossesWhilePerTowerStatisticsDoNot() {
    ModelSpec cnn = TrainerTestSupport.spec(TrainerTestSupport.settings("sgd", 1));
    List<Float> one = losses(cnn, 20);
    List<Float> synced = losses(cnn.withReplication(new Replication(2, false, true)), 20);
    List<Float> perTower = losses(cnn.withReplication(TWO), 20);
    double worstSynced = 0;
    double worstPerTower = 0;
    for (int step = 0; step < 20; step++) {
      worstSynced =
          Math.max(worstSynced, Math.abs(synced.get(step) - one.get(step)) / one.get(step));
      worstPerTower =
          Math.max(worstPerTower, Math.abs(perTower.get(step) - one.get(step)) / one.get(step));
    }
    assertTrue(worstSynced <= 1e-4, "synchronised: " + synced + " vs one replica " + one);
    assertTrue(
        worstPerTower > 1e-3, "per-tower statistics differ from the whole batch's: " + perTower);
  }

  @Test
  void theStepRunsOpsOfEachTowerOnItsOwnDeviceAsTensorFlowReportsIt() {
    ModelSpec spec =
        TrainerTestSupport.spec(TrainerTestSupport.settings("sgd", 1)).withReplication(TWO);
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, spec);
      try (Session s = twoDeviceSession(g)) {
        s.run(tg.initializer());
        RunMetadata metadata;
        TFloat32[] batch = batch(new Random(3));
        try (TFloat32 x = batch[0];
            TFloat32 y = batch[1];
            TFloat32 lr = TFloat32.scalarOf(0.05f);
            Result r =
                s.runner()
                    .feed(tg.train().images(), x)
                    .feed(tg.train().labels(), y)
                    .feed(tg.learningRate(), lr)
                    .addTarget(tg.trainStep())
                    .fetch(tg.objective())
                    .setOptions(
                        RunOptions.newBuilder()
                            .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                            .build())
                    .runAndFetchMetadata()) {
          metadata = r.getMetadata().orElseThrow();
        }
        Set<String> towerZero = new TreeSet<>();
        Set<String> towerOne = new TreeSet<>();
        // Executed gradient ops per device, by the tower whose backward pass they belong to.
        Map<String, Map<String, Integer>> gradients = new TreeMap<>();
        for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
          for (NodeExecStats node : device.getNodeStatsList()) {
            String name = node.getNodeName();
            if (name.contains("tower0/backbone")) {
              towerZero.add(device.getDevice());
            } else if (name.contains("tower1/backbone")) {
              towerOne.add(device.getDevice());
            } else if (name.startsWith("gradients/")) {
              String tower =
                  name.startsWith("gradients/tower0/")
                      ? "tower0"
                      : name.startsWith("gradients/tower1/") ? "tower1" : "no tower";
              gradients
                  .computeIfAbsent(tower, t -> new TreeMap<>())
                  .merge(device.getDevice(), 1, Integer::sum);
            }
          }
        }
        assertEquals(Set.of(CPU + 0), towerZero);
        assertEquals(Set.of(CPU + 1), towerOne);
        // Each tower's backward pass runs on that tower's device (TF_AddGradients alone gives its
        // ops no device, and the placer then puts them all on the first).
        String perTower = "gradient ops per tower and device: " + gradients;
        assertEquals(Set.of("tower0", "tower1"), gradients.keySet(), perTower);
        assertEquals(Set.of(CPU + 0), gradients.get("tower0").keySet(), perTower);
        assertEquals(Set.of(CPU + 1), gradients.get("tower1").keySet(), perTower);
        assertTrue(gradients.get("tower1").get(CPU + 1) > 20, "a cnn's backward: " + perTower);
      }
    }
  }

  @Test
  void aTwoReplicaCheckpointResumesWithOneAndViceVersa(@TempDir Path dir) {
    List<Replication[]> pairs =
        List.of(
            new Replication[] {TWO, Replication.SINGLE},
            new Replication[] {Replication.SINGLE, TWO});
    for (Replication[] pair : pairs) {
      ModelSpec spec = TrainerTestSupport.spec(TrainerTestSupport.settings("sgd", 1));
      Checkpoints checkpoints =
          new Checkpoints(dir.resolve(pair[0].replicas() + "-to-" + pair[1].replicas()), 1);
      Map<String, float[]> saved;
      Path checkpoint;
      try (Graph g = new Graph()) {
        TrainingGraph tg = ModelAssembly.build(g, spec.withReplication(pair[0]));
        try (Session s = twoDeviceSession(g)) {
          s.run(tg.initializer());
          Random random = new Random(5);
          for (int step = 0; step < 10; step++) {
            step(s, tg, random, step);
          }
          saved = TrainingGraphs.snapshot(s, tg);
          checkpoint =
              checkpoints.save(s, new Checkpoints.Metadata(1, 10, ResumePoint.start(), Map.of()));
        }
      }
      try (Graph g = new Graph()) {
        TrainingGraph tg = ModelAssembly.build(g, spec.withReplication(pair[1]));
        try (Session s = twoDeviceSession(g)) {
          checkpoints.restore(s, checkpoint);
          Map<String, float[]> restored = TrainingGraphs.snapshot(s, tg);
          assertEquals(
              saved.keySet(),
              restored.keySet(),
              "the same variable names whatever the replica count");
          for (String name : saved.keySet()) {
            assertArrayEquals(saved.get(name), restored.get(name), name);
          }
          Random random = new Random(6);
          for (int step = 10; step < 15; step++) {
            assertTrue(Float.isFinite(step(s, tg, random, step)));
          }
          Map<String, float[]> trained = TrainingGraphs.snapshot(s, tg);
          String kernel = "classifier/kernel";
          assertFalse(Arrays.equals(saved.get(kernel), trained.get(kernel)), "training continues");
        }
      }
    }
  }

  private static double cnnTestAccuracy(Replication replication) {
    Dataset data = TinyData.dataset(CLASSES, 2048, 256, SHAPE, 3);
    TrainSettings settings = TrainerTestSupport.settings("sgd", 3);
    try (Graph g = new Graph()) {
      TrainingGraph tg =
          ModelAssembly.build(g, TrainerTestSupport.spec(settings).withReplication(replication));
      try (Session s = twoDeviceSession(g)) {
        s.run(tg.initializer());
        return new Trainer(tg, s, data, settings, 11, List.of(), Ticker.systemTicker())
            .fit()
            .get("test/accuracy");
      }
    }
  }

  /** The loss of each of {@code steps} SGD steps of a batch-norm-free MLP on seeded batches. */
  private static List<Float> mlpLosses(Replication replication, int steps) {
    var mlp = new MlpBackbone();
    var ce = new CrossEntropyRegularizer();
    ModelSpec spec =
        ModelSpec.plain(
                SHAPE,
                CLASSES,
                mlp,
                Options.withDefaults(
                    "model",
                    mlp.options(),
                    Map.of("hidden", List.of(32L, 16L), "batch_norm", false)),
                List.of(
                    new WeightedRegularizer(
                        "ce", ce, Options.withDefaults("ce", ce.options(), Map.of()), 1.0)),
                new SgdOptimizer(0.9, false, 5e-4),
                7)
            .withReplication(replication);
    return losses(spec, steps);
  }

  private static List<Float> losses(ModelSpec spec, int steps) {
    List<Float> losses = new ArrayList<>();
    try (Graph g = new Graph()) {
      TrainingGraph tg = ModelAssembly.build(g, spec);
      try (Session s = twoDeviceSession(g)) {
        s.run(tg.initializer());
        Random random = new Random(17);
        for (int step = 0; step < steps; step++) {
          losses.add(step(s, tg, random, step));
        }
      }
    }
    return losses;
  }

  /** One training step on the next seeded batch; returns its loss. */
  private static float step(Session s, TrainingGraph tg, Random random, int step) {
    TFloat32[] batch = batch(random);
    try (TFloat32 x = batch[0];
        TFloat32 y = batch[1];
        TFloat32 lr = TFloat32.scalarOf(0.05f);
        var stepTensor = TInt64.scalarOf(step);
        Result r =
            s.runner()
                .feed(tg.train().images(), x)
                .feed(tg.train().labels(), y)
                .feed(tg.learningRate(), lr)
                .feed(tg.step(), stepTensor)
                .addTarget(tg.trainStep())
                .fetch(tg.objective())
                .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /** A batch whose class shows in the image: class c brightens the c-th quarter of the rows. */
  private static TFloat32[] batch(Random random) {
    float[] images = new float[BATCH * SHAPE.size()];
    float[] labels = new float[BATCH * CLASSES];
    int rowsPerClass = SHAPE.height() / CLASSES;
    for (int i = 0; i < BATCH; i++) {
      int label = random.nextInt(CLASSES);
      labels[i * CLASSES + label] = 1;
      for (int p = 0; p < SHAPE.size(); p++) {
        int row = p / SHAPE.width();
        images[i * SHAPE.size() + p] = random.nextFloat() + (row / rowsPerClass == label ? 1f : 0f);
      }
    }
    return new TFloat32[] {
      TFloat32.tensorOf(Shape.of(BATCH, SHAPE.height(), SHAPE.width(), 1), DataBuffers.of(images)),
      TFloat32.tensorOf(Shape.of(BATCH, CLASSES), DataBuffers.of(labels))
    };
  }

  private static Session twoDeviceSession(Graph g) {
    return new Session(
        g, new SessionSettings(DeviceChoice.CPU, true, false, 0, 0, false, 2).configProto());
  }
}
