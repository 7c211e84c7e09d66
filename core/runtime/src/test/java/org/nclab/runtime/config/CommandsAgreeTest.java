package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.data.Dataset;
import org.nclab.api.data.DatasetProvider;
import org.nclab.api.data.ImageShape;
import org.nclab.api.options.Options;
import org.nclab.runtime.backbones.CnnBackbone;
import org.nclab.runtime.backbones.ResNetBackbone;
import org.nclab.runtime.data.DatasetSource;
import org.nclab.runtime.losses.CrossEntropyRegularizer;
import org.nclab.runtime.train.TinyData;

/**
 * What validate, train, study and data describe say about one file agree: a conflict between an
 * option the user wrote and a default is reported at the user's key with its line; a file of
 * another kind is named with the command that reads it; a key only --set wrote is blamed on --set;
 * data describe shows the data after the config's class subset and per-class sample.
 */
class CommandsAgreeTest {
  @TempDir Path dir;

  /** Ten classes of tiny images, so that subsets have something to cut. */
  static final class TenClasses implements DatasetProvider {
    @Override
    public String id() {
      return "idx";
    }

    @Override
    public String summary() {
      return "ten tiny classes";
    }

    @Override
    public Dataset open(Options options) {
      return TinyData.dataset(10, 200, 50, new ImageShape(4, 4, 1), 5);
    }
  }

  private final FakeExtensions.MapCatalog catalog =
      FakeExtensions.MapCatalog.of(
          new TenClasses(), new CnnBackbone(), new ResNetBackbone(), new CrossEntropyRegularizer());

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private ConfigException failure(Path file, String... overrides) {
    return assertThrows(
        ConfigException.class,
        () -> new ConfigLoader(dir).load(dir.relativize(file), List.of(overrides), catalog));
  }

  @Test
  void aConflictWithADefaultIsReportedAtTheKeyTheUserWroteWithItsLine() throws Exception {
    Path file =
        write("cnn.toml", "[dataset]\nid = \"idx\"\n\n[model]\nid = \"cnn\"\nwidths = [8, 16]\n");
    ConfigProblem problem = failure(file).problems().get(0);
    assertEquals(6, problem.line(), problem.toString());
    assertEquals("model.widths", problem.keyPath());
    assertTrue(problem.message().contains("(pool_after is the default [2, 3])"), problem.message());

    ConfigProblem fromSet = failure(file, "model.pool_after=[1, 4]").problems().get(0);
    assertTrue(
        fromSet.fromOverride(),
        "both are the user's, but the one just set on the command line is "
            + "the likelier cause: "
            + fromSet);
    assertEquals("model.pool_after", fromSet.keyPath());

    Path resnet =
        write(
            "resnet.toml",
            "[dataset]\nid = \"idx\"\n\n[model]\nid = \"resnet\"\nblocks = [2, 2]\n");
    ConfigProblem stages = failure(resnet).problems().get(0);
    assertEquals("model.blocks", stages.keyPath());
    assertEquals(6, stages.line());
  }

  @Test
  void aKeyOnlyAnOverrideWroteIsBlamedOnTheOverride() throws Exception {
    Path file = write("ok.toml", "[dataset]\nid = \"idx\"\n\n[model]\nid = \"cnn\"\n");
    ConfigException e = failure(file, "trian.epochs=2");
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).fromOverride(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("--set: trian: unknown table [trian]; did you mean [train]?"),
        e.getMessage());
  }

  @Test
  void aFileOfAnotherKindIsNamedWithTheCommandThatReadsIt() throws Exception {
    Path study = write("study.toml", "[study]\nname = \"s\"\n\n[base]\nconfig = \"x.toml\"\n");
    assertEquals(
        "study.toml: is a study file, not an experiment config; 'nclab study study.toml' runs it"
            + " and 'nclab study --check study.toml' checks it",
        failure(study).getMessage());

    Path transfer =
        write("transfer.toml", "[transfer]\ncheckpoint = \"runs/x\"\n\n[dataset]\nid = \"idx\"\n");
    assertTrue(
        failure(transfer)
            .getMessage()
            .startsWith(
                "transfer.toml: is a transfer config, not an experiment"
                    + " config; 'nclab transfer transfer.toml' runs it"),
        failure(transfer).getMessage());

    Path experiment = write("pretrain.toml", "[dataset]\nid = \"idx\"\n\n[model]\nid = \"cnn\"\n");
    ConfigException asTransfer =
        assertThrows(
            ConfigException.class,
            () ->
                new ConfigLoader(dir).loadTransfer(dir.relativize(experiment), List.of(), catalog));
    assertTrue(
        asTransfer
            .getMessage()
            .contains(
                "is an experiment config, not a transfer config; 'nclab train"
                    + " pretrain.toml' trains it"),
        asTransfer.getMessage());
  }

  @Test
  void dataDescribeSeesTheSubsetsTheModelSees() throws Exception {
    Path file =
        write(
            "subset.toml",
            "[dataset]\nid = \"idx\"\nclasses = [5, 6, 7]\n\n[model]\nid = \"cnn\"\n");
    Dataset described = DatasetSource.open(file, List.of(), catalog);
    assertEquals(3, described.numClasses());
    assertEquals(List.of("5", "6", "7"), described.classNames());
    assertEquals(60, described.split("train").size(), "200 examples over 10 classes, 3 kept");

    Dataset sampled = DatasetSource.open(file, List.of("dataset.train_per_class=4"), catalog);
    assertEquals(12, sampled.split("train").size());
    assertEquals(15, sampled.split("test").size(), "the test split stays whole");

    Path datasetOnly = write("downstream.toml", "[dataset]\nid = \"idx\"\nclasses = [0, 1]\n");
    assertEquals(
        2,
        DatasetSource.open(datasetOnly, List.of(), catalog).numClasses(),
        "a dataset config, as --dataset reads it, is described too");
    assertFalse(DatasetSource.open(datasetOnly, List.of(), catalog).classNames().contains("9"));
  }
}
