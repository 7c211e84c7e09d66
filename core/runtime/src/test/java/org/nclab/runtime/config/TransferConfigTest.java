package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.config.FakeExtensions.MapCatalog;
import org.nclab.runtime.transfer.BatchNormMode;

/** Transfer configs: the checkpoint's model, the downstream dataset, every problem at once. */
class TransferConfigTest {
  private final MapCatalog catalog = FakeExtensions.standardCatalog();
  @TempDir Path dir;

  /** A run folder as 'nclab train' leaves it, as far as config loading looks. */
  @BeforeEach
  void pretrainedRun() throws Exception {
    Path run = Files.createDirectories(dir.resolve("runs/pre"));
    Files.writeString(
        run.resolve("config.toml"),
        "[run]\nname = \"pre\"\n\n[dataset]\nid = \"idx\"\npath = \"/gone/since\"\n\n"
            + "[model]\nid = \"cnn\"\nwidth = 32\nhead_depth = 2\nhead_dim = 64\n");
  }

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("transfer.toml"), text);
  }

  @Test
  void theModelIsTheCheckpointsWithoutItsHead() throws Exception {
    Path file =
        write(
            "[transfer]\n"
                + "checkpoint = \"runs/pre\"\n"
                + "methods = [\"linear-probe\", \"scl\"]\n"
                + "shots = [0, 10]\n\n"
                + "[dataset]\n"
                + "id = \"idx\"\n"
                + "path = \"data/mnist\"\n"
                + "classes = [5, 6, 7]\n\n"
                + "[train]\n"
                + "epochs = 2\n");
    TransferConfig config = new ConfigLoader(dir).loadTransfer(file, List.of(), catalog);
    assertEquals(dir.resolve("runs/pre"), config.sourceRun());
    assertEquals("cnn", config.downstream().model().id());
    assertEquals(32, config.downstream().model().options().getInt("width"));
    assertEquals(
        0, config.downstream().model().common().getInt("head_depth"), "the head stays behind");
    assertEquals(List.of("linear-probe", "scl"), config.methods());
    assertEquals(List.of(0, 10), config.shots());
    assertEquals(List.of(5, 6, 7), config.downstream().dataset().common().getIntList("classes"));
    assertEquals(2, config.downstream().train().getInt("epochs"));
    assertEquals("transfer", config.downstream().name(), "the run is named after the file");
  }

  @Test
  void flagsMakeTheSameConfigWithADatasetFile() throws Exception {
    Path data =
        Files.writeString(
            dir.resolve("mnist.toml"), "[dataset]\nid = \"idx\"\npath = \"data/mnist\"\n");
    TransferConfig config =
        new ConfigLoader(dir)
            .loadTransfer(
                data,
                "transfer",
                Map.of("checkpoint", "runs/pre", "methods", List.of("full")),
                List.of(),
                catalog);
    assertEquals(List.of("full"), config.methods());
    assertEquals(List.of(0), config.shots(), "default: the whole training split");
    assertEquals("-2", config.transfer().getString("block"));
  }

  @Test
  void anUnknownBatchNormModeIsOneLineNamingTheKeyAndTheModes() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> batchNormFlag("freeze"));
    String message = e.getMessage();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("transfer.batch_norm"), message);
    assertTrue(
        message.contains("train") && message.contains("frozen") && message.contains("recompute"),
        message);
    assertTrue(message.contains("freeze"), "names the value given: " + message);
  }

  @Test
  void theBatchNormModesAreTheOptionsValues() throws Exception {
    for (BatchNormMode mode : BatchNormMode.values()) {
      TransferConfig config = batchNormFlag(mode.id());
      assertEquals(mode, BatchNormMode.of(config.transfer().getString("batch_norm")));
    }
  }

  /** The flag form's config with {@code --batch-norm MODE}. */
  private TransferConfig batchNormFlag(String mode) throws Exception {
    Path data =
        Files.writeString(
            dir.resolve("mnist.toml"), "[dataset]\nid = \"idx\"\npath = \"data/mnist\"\n");
    return new ConfigLoader(dir)
        .loadTransfer(
            data,
            "transfer",
            Map.of("checkpoint", "runs/pre", "batch_norm", mode),
            List.of(),
            catalog);
  }

  @Test
  void everyProblemIsReportedAtOnce() throws Exception {
    Path file =
        write(
            "[transfer]\n"
                + "checkpoint = \"runs/nothing-here\"\n"
                + "methods = [\"linear-prob\"]\n"
                + "shots = [-1]\n\n"
                + "[model]\n"
                + "id = \"cnn\"\n\n"
                + "[dataset]\n"
                + "id = \"idx\"\n"
                + "path = \"data/mnist\"\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new ConfigLoader(dir).loadTransfer(file, List.of(), catalog));
    String message = e.getMessage();
    assertTrue(
        message.contains("transfer.checkpoint") && message.contains("not a run folder"), message);
    assertTrue(message.contains("transfer.methods") && message.contains("linear-probe"), message);
    assertTrue(message.contains("transfer.shots"), message);
    assertTrue(message.contains("a transfer config has no [model]"), message);
    assertTrue(message.contains("transfer.toml:"), "problems name the file: " + message);
  }

  @Test
  void aTransferConfigNeedsItsTransferTable() throws Exception {
    Path file = write("[dataset]\nid = \"idx\"\npath = \"data/mnist\"\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new ConfigLoader(dir).loadTransfer(file, List.of(), catalog));
    assertTrue(e.getMessage().contains("missing [transfer] table"), e.getMessage());
    assertFalse(
        e.getMessage().contains("[model]"),
        "the missing model is not the user's problem: " + e.getMessage());
  }
}
