package org.nclab.runtime.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;
import org.nclab.runtime.graph.ForwardPass;
import org.nclab.runtime.graph.ModelAssembly;
import org.nclab.runtime.graph.ModelSpec;
import org.nclab.runtime.graph.SkipConnection;
import org.nclab.runtime.graph.TrainableScopes;
import org.nclab.runtime.graph.TrainingGraph;
import org.nclab.runtime.graph.TrainingGraphs;
import org.nclab.runtime.run.Checkpoints;
import org.nclab.runtime.session.SessionSettings;
import org.nclab.runtime.train.ResumePoint;
import org.nclab.runtime.train.TinyData;
import org.nclab.runtime.train.TrainSettings;
import org.nclab.runtime.train.Trainer;
import org.nclab.runtime.train.TrainerTestSupport;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * SCL's bypass wiring on a real pre-trained three-block CNN: the classifier reads block2 alone, and
 * TensorFlow's own trace of a training step and an evaluation shows that block3 never runs, while
 * it still arrives from the checkpoint. Parameter shares are checked against a count of the graph's
 * variable shapes and the closed form of the architecture.
 */
class SclBypassTest {
  private static final ImageShape SHAPE = new ImageShape(12, 12, 1);
  private static final TrainSettings SETTINGS = TrainerTestSupport.settings("sgd", 1);
  private static final List<Long> WIDTHS = List.of(8L, 16L, 32L);
  private static final int CLASSES = 3;

  @TempDir static Path folder;
  private static Path checkpoint;
  private static Map<String, float[]> pretrained;

  /** Blocks of 8, 16 and 32 channels trained one epoch on 4 classes, so weights are not initial. */
  @BeforeAll
  static void pretrain() {
    try (Graph graph = new Graph()) {
      TrainingGraph model = ModelAssembly.build(graph, TrainerTestSupport.spec(SETTINGS, WIDTHS));
      try (Session session = new Session(graph)) {
        session.run(model.initializer());
        var data = TinyData.dataset(4, 128, 32, SHAPE, 5);
        new Trainer(model, session, data, SETTINGS, 3, List.of(), Ticker.systemTicker()).fit();
        var metadata = new Checkpoints.Metadata(1, 4, ResumePoint.start(), Map.of());
        checkpoint = new Checkpoints(folder, 1).save(session, metadata);
        pretrained = TrainingGraphs.snapshot(session, model);
      }
    }
  }

  private static TransferModel open(TransferMethod method, SkipConnection.Variant variant) {
    ModelSpec downstream =
        TrainerTestSupport.spec(SETTINGS, WIDTHS).forTransfer(CLASSES, TrainableScopes.ALL, null);
    return TransferModel.open(
        downstream, method, "block2", variant, checkpoint, SessionSettings.defaults());
  }

  @Test
  void bypassRunsNoOpOfTheLaterBlockInTrainingOrEvaluation() {
    Map<String, String> bypass;
    try (TransferModel model = open(TransferMethod.SCL, SkipConnection.Variant.BYPASS)) {
      bypass = executed(model);
      // Built and restored all the same: the checkpoint's block3, bit for bit.
      assertTrue(
          opNames(model.model().graph()).stream().anyMatch(n -> n.contains("backbone/block3/")));
      Map<String, float[]> restored = TrainingGraphs.snapshot(model.session(), model.model());
      for (String name : List.of("backbone/block3/conv/kernel", "backbone/block3/bn/gamma")) {
        assertTrue(restored.containsKey(name), name + " in " + restored.keySet());
        assertArrayEquals(pretrained.get(name), restored.get(name), name);
      }
    }
    Map<String, String> concat;
    try (TransferModel model = open(TransferMethod.SCL, SkipConnection.Variant.CONCAT)) {
      concat = executed(model);
    }
    // The same trace finds block3 when it runs (concat): the check can fail.
    assertTrue(count(concat, n -> n.contains("backbone/block3/")) > 10, concat.toString());
    assertEquals(
        List.of(),
        bypass.keySet().stream().filter(n -> n.contains("block3")).toList(),
        "ops of block3 TensorFlow ran for the bypass model");
    assertTrue(count(bypass, n -> n.contains("backbone/block1/")) > 0, bypass.toString());
    assertTrue(count(bypass, n -> n.contains("backbone/block2/")) > 0, bypass.toString());
    // Gradient ops carry no block in their names; their types tell the backward passes apart.
    // concat: block3 (frozen) is differentiated with respect to its input on the way to block2.
    Map<String, Long> concatBackward = gradientTypes(concat);
    assertEquals(1L, concatBackward.get("Conv2DBackpropInput"), concatBackward.toString());
    assertEquals(2L, concatBackward.get("FusedBatchNormGradV3"), concatBackward.toString());
    // bypass: only block2's own backward pass (its filter and batch norm), nothing through block3.
    Map<String, Long> bypassBackward = gradientTypes(bypass);
    assertEquals(null, bypassBackward.get("Conv2DBackpropInput"), bypassBackward.toString());
    assertEquals(1L, bypassBackward.get("FusedBatchNormGradV3"), bypassBackward.toString());
    assertEquals(1L, bypassBackward.get("Conv2DBackpropFilter"), bypassBackward.toString());
    assertTrue(bypass.size() < concat.size(), bypass.size() + " vs " + concat.size());
  }

  /** How many executed gradient ops of each type. */
  private static Map<String, Long> gradientTypes(Map<String, String> executed) {
    return executed.entrySet().stream()
        .filter(e -> e.getKey().startsWith("gradients/"))
        .collect(Collectors.groupingBy(Map.Entry::getValue, TreeMap::new, Collectors.counting()));
  }

  @Test
  void theBypassClassifierReadsTheBlocksChannelsAndTheTapsEndThere() {
    try (TransferModel model = open(TransferMethod.SCL, SkipConnection.Variant.BYPASS)) {
      ForwardPass eval = model.model().eval();
      assertEquals(Shape.of(16, CLASSES), variableShape(model, "classifier/kernel"));
      assertEquals(16, eval.features().shape().get(1), "block2's 16 channels, pooled");
      assertEquals(List.of("block1", "block2", "features"), List.copyOf(eval.probeTaps().keySet()));
      assertEquals(ForwardPass.FEATURES, eval.classifierTap());
      assertEquals(List.of("block1", "block2"), eval.taps().stream().map(t -> t.name()).toList());
    }
    try (TransferModel model = open(TransferMethod.SCL, SkipConnection.Variant.CONCAT)) {
      assertEquals(Shape.of(32 + 16, CLASSES), variableShape(model, "classifier/kernel"));
    }
  }

  @Test
  void parameterCountsAgreeWithTheGraphsVariableShapes() {
    // Closed form: 3x3 convolutions without bias, then batch norm's gamma and beta.
    long block1 = 3 * 3 * 1 * 8 + 8 + 8;
    long block2 = 3 * 3 * 8 * 16 + 16 + 16;
    long block3 = 3 * 3 * 16 * 32 + 32 + 32;
    long classifier = 16 * CLASSES + CLASSES;
    try (TransferModel model = open(TransferMethod.SCL, SkipConnection.Variant.BYPASS)) {
      Graph graph = model.model().graph();
      Predicate<String> weight = n -> !n.startsWith("optimizer") && !n.contains("moving_");
      long all = shapeCount(graph, weight);
      long trained =
          shapeCount(
              graph,
              weight.and(n -> n.startsWith("backbone/block2/") || n.startsWith("classifier/")));
      assertEquals(block1 + block2 + block3 + classifier, all);
      assertEquals(block2 + classifier, trained);
      assertEquals(all, model.model().trainableParameters());
      assertEquals(trained, model.model().trainedParameters());
      assertEquals(all - block3, model.model().modelParameters(), "what the bypass computes with");
      // The share a result reports: 1,235 of 5,995 weights, 20.6 %.
      assertEquals(
          (double) (block2 + classifier) / (block1 + block2 + block3 + classifier),
          (double) model.model().trainedParameters() / model.model().trainableParameters(),
          1e-15);
    }
    try (TransferModel model = open(TransferMethod.LAYER, SkipConnection.Variant.CONCAT)) {
      long classifier32 = 32 * CLASSES + CLASSES;
      assertEquals(block2 + classifier32, model.model().trainedParameters());
      assertEquals(block1 + block2 + block3 + classifier32, model.model().modelParameters());
    }
  }

  @Test
  void aSweepNamesEveryBlockAndAMisspeltChoiceIsRefusedInOneLine() {
    List<String> blocks = List.of("block1", "block2", "block3");
    assertEquals(blocks, BlockChoice.resolveAll("sweep", blocks));
    assertEquals(List.of("block2"), BlockChoice.resolveAll("-2", blocks));
    UserException refused =
        assertThrows(UserException.class, () -> BlockChoice.resolveAll("swep", blocks));
    assertTrue(refused.getMessage().contains("'swep'"), refused.getMessage());
    assertTrue(refused.getMessage().contains("sweep"), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
  }

  @Test
  void theBestBlockIsTheHighestTestAccuracyOfEachMethodVariantAndShotCount() {
    List<TransferResult> results = new ArrayList<>();
    results.add(result("linear-probe", null, null, null, 0.90));
    results.add(result("layer", "block1", null, null, 0.70));
    results.add(result("layer", "block2", null, null, 0.80));
    results.add(result("layer", "block3", null, null, 0.75));
    results.add(result("scl", "block1", "bypass", null, 0.85));
    results.add(result("scl", "block2", "bypass", null, 0.85)); // a tie: the first block wins
    results.add(result("scl", "block1", "bypass", 10, 0.40));
    results.add(result("scl", "block2", "bypass", 10, 0.60));
    results.add(result("full", null, null, null, 0.99));
    List<BlockSweep.Best> best = BlockSweep.best(results);
    assertEquals(3, best.size(), best.toString());
    assertEquals("block2", best.get(0).block());
    assertEquals(0.80, best.get(0).testAccuracy());
    assertEquals(
        List.of("block1", "block2", "block3"), List.copyOf(best.get(0).testAccuracies().keySet()));
    assertEquals("block1", best.get(1).block());
    assertEquals(10, best.get(2).shotsPerClass());
    assertEquals("block2", best.get(2).block());
    assertTrue(
        TransferTable.of(results)
            .contains("best block for layer (all data): block2, test accuracy 0.8000"),
        TransferTable.of(results));
    // One block each: nothing was swept, nothing to name.
    assertEquals(List.of(), BlockSweep.best(results.subList(0, 2)));
  }

  private static TransferResult result(
      String method, String block, String variant, Integer shots, double testAccuracy) {
    return TransferResult.of(method)
        .shots(shots)
        .layer(block, variant)
        .parameters(1, 2, 0.5)
        .accuracy(30, 1.0, testAccuracy)
        .finalLoss(0.1)
        .seconds(1)
        .build();
  }

  /**
   * Names of the nodes TensorFlow ran, by its FULL_TRACE step statistics, for one training step
   * with the fetches of {@link Trainer}, one evaluation and one feature extraction of the tap the
   * classifier reads.
   */
  private static Map<String, String> executed(TransferModel model) {
    TrainingGraph graph = model.model();
    Set<String> names = new TreeSet<>();
    float[] images = new float[8 * SHAPE.size()];
    float[] labels = new float[8 * CLASSES];
    for (int i = 0; i < 8; i++) {
      labels[i * CLASSES + i % CLASSES] = 1;
      for (int j = 0; j < SHAPE.size(); j++) {
        images[i * SHAPE.size() + j] = (float) Math.sin(i * 31 + j);
      }
    }
    Shape imageShape = Shape.of(8, SHAPE.height(), SHAPE.width(), SHAPE.channels());
    try (TFloat32 x = TFloat32.tensorOf(imageShape, DataBuffers.of(images, true, false));
        TFloat32 y = TFloat32.tensorOf(Shape.of(8, CLASSES), DataBuffers.of(labels, true, false));
        TFloat32 lr = TFloat32.scalarOf(0.01f);
        TInt64 step = TInt64.scalarOf(0)) {
      Session.Runner train =
          model
              .session()
              .runner()
              .feed(graph.train().images(), x)
              .feed(graph.train().labels(), y)
              .feed(graph.learningRate(), lr)
              .feed(graph.step(), step)
              .addTarget(graph.trainStep())
              .fetch(graph.objective())
              .fetch(graph.train().correct());
      graph.lossTerms().values().forEach(train::fetch);
      names.addAll(traced(train.fetch(graph.stepFinite())));
      ForwardPass eval = graph.eval();
      Operand<TFloat32> tap = eval.probeTaps().get(eval.classifierTap());
      names.addAll(
          traced(
              model
                  .session()
                  .runner()
                  .feed(eval.images(), x)
                  .feed(eval.labels(), y)
                  .fetch(eval.logits())
                  .fetch(eval.correct())
                  .fetch(eval.meanLoss())
                  .fetch(tap)));
    }
    Map<String, String> types = new TreeMap<>();
    for (String name : names) {
      GraphOperation op = graph.graph().operation(name);
      types.put(name, op == null ? "" : op.type()); // null: a node TensorFlow added, _retval...
    }
    return types;
  }

  private static List<String> traced(Session.Runner runner) {
    List<String> names = new ArrayList<>();
    try (Result result =
        runner
            .setOptions(
                RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
            .runAndFetchMetadata()) {
      for (DeviceStepStats device :
          result.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          names.add(node.getNodeName());
        }
      }
    }
    return names;
  }

  private static long count(Map<String, String> executed, Predicate<String> which) {
    return executed.keySet().stream().filter(which).count();
  }

  private static List<String> opNames(Graph graph) {
    List<String> names = new ArrayList<>();
    graph.operations().forEachRemaining(op -> names.add(op.name()));
    return names;
  }

  /** Elements of every VariableV2 op of the graph whose name passes {@code which}. */
  private static long shapeCount(Graph graph, Predicate<String> which) {
    long total = 0;
    var ops = graph.operations();
    while (ops.hasNext()) {
      GraphOperation op = (GraphOperation) ops.next();
      if (op.type().equals("VariableV2") && which.test(op.name())) {
        total += op.output(0).shape().size();
      }
    }
    return total;
  }

  private static Shape variableShape(TransferModel model, String name) {
    return model.model().variables().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow()
        .shape();
  }
}
