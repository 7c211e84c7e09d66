package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimCLR through the whole runtime, as a user runs it: {@code [train] views = 2} makes two
 * augmented views of every image in the graph (random crop and noise, drawn per view), the bundled
 * {@code nt-xent} plugin contrasts them through its projection head, and the detached classifier
 * trains beside it. Nothing is built by hand: bin/nclab, the plugin jar and ModelAssembly.
 */
class SimClrIT {
  private static final String CONFIG =
      String.join(
          "\n",
          "[run]",
          "name = \"simclr\"",
          "seed = 3",
          "[dataset]",
          "id = \"synthetic\"",
          "num_classes = 4",
          "train_size = 512",
          "test_size = 256",
          "height = 16",
          "width = 16",
          "[model]",
          "id = \"cnn\"",
          "widths = [16, 32]",
          "pool_after = [1, 2]",
          "[train]",
          "epochs = 12",
          "batch_size = 64",
          "optimizer = \"adam\"",
          "learning_rate = 0.003",
          "views = 2",
          "classifier = \"detached\"",
          "[[augmentation]]",
          "id = \"random-crop\"",
          "[[augmentation]]",
          "id = \"gaussian-noise\"",
          "[[regularizer]]",
          "id = \"nt-xent\"",
          "temperature = 0.5",
          "head_width = 64",
          "head_dim = 32",
          "[[regularizer]]",
          "id = \"cross-entropy\"",
          "");

  @TempDir Path work;

  @Test
  void ntXentOnTwoRuntimeViewsFallsEpochAfterEpoch() throws Exception {
    Path config = work.resolve("simclr.toml");
    Files.writeString(config, CONFIG);
    var result =
        Launcher.ofBuiltDistribution()
            .run(
                work,
                "train",
                config.toString(),
                "--set",
                "run.output=\"" + work.resolve("runs") + "\"");
    assertEquals(0, result.exitCode(), result.all());

    ObjectMapper json = new ObjectMapper();
    List<Double> ntXent = new ArrayList<>();
    for (String line : Files.readAllLines(work.resolve("runs/simclr/metrics.jsonl"))) {
      JsonNode node = json.readTree(line);
      if (node.get("phase").asText().equals("epoch")) {
        assertTrue(node.has("loss/cross-entropy"), node.toString());
        ntXent.add(node.get("loss/nt-xent").asDouble());
      }
    }
    assertEquals(12, ntXent.size(), ntXent.toString());
    // With 2 x 64 embeddings a batch, an uninformative embedding scores about ln(127) = 4.84: the
    // loss starts near it and the contrast between the runtime's views must pull it well below.
    assertTrue(ntXent.get(0) > 4.3 && ntXent.get(0) < 5.5, ntXent.toString());
    double lastThree = (ntXent.get(9) + ntXent.get(10) + ntXent.get(11)) / 3;
    assertTrue(lastThree < ntXent.get(0) - 0.5, "nt-xent did not fall: " + ntXent);
    JsonNode run = json.readTree(work.resolve("runs/simclr/run.json").toFile());
    assertTrue(run.toString().contains("nt-xent"), run.toString());
  }
}
