package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.options.Options;
import org.nclab.runtime.config.FakeExtensions.MapCatalog;
import org.nclab.runtime.plugins.ExtensionKind;

class ConfigLoaderTest {
  private static final Path ROOT = ConfigTestFiles.resourceRoot();
  private static final Path GOOD = Path.of("configs", "good");
  private final MapCatalog catalog = FakeExtensions.standardCatalog();

  private RunConfig load(String name, String... overrides) {
    return new ConfigLoader(ROOT).load(GOOD.resolve(name), List.of(overrides), catalog);
  }

  @Test
  void aDatasetFileReplacesTheWholeDatasetTable(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path other = dir.resolve("other.toml");
    Files.writeString(other, "[dataset]\nid = \"idx\"\npath = \"/data/other\"\nlimit = 7\n");
    RunConfig config =
        new ConfigLoader(ROOT).load(GOOD.resolve("minimal.toml"), List.of(), catalog, other);
    assertEquals(Path.of("/data/other"), config.dataset().options().getPath("path"));
    assertEquals(7, config.dataset().options().getInt("limit"));

    Path none = dir.resolve("none.toml");
    Files.writeString(none, "[model]\nid = \"cnn\"\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new ConfigLoader(ROOT)
                    .load(GOOD.resolve("minimal.toml"), List.of(), catalog, none));
    assertTrue(
        e.getMessage().contains("none.toml") && e.getMessage().contains("[dataset]"),
        e.getMessage());
  }

  @Test
  void minimalConfigGetsEveryDefault() {
    RunConfig config = load("minimal.toml");

    assertEquals("minimal", config.name(), "name defaults to the file name");
    assertEquals(42, config.seed());
    assertEquals(ROOT.resolve("runs"), config.output(), "output resolves against the working dir");
    assertEquals(ROOT.resolve("configs/good/minimal.toml"), config.source());
    assertEquals(
        ROOT.resolve("configs/good/data/fashion"),
        config.dataset().options().getPath("path"),
        "PATH options resolve against the config's folder");
    assertEquals(60_000, config.dataset().options().getInt("limit"));
    assertEquals(64, config.model().options().getInt("width"));
    assertEquals(
        Options.withDefaults("train", CoreSections.TRAIN, Map.of()).asMap(),
        config.train().asMap());
    assertEquals(
        Options.withDefaults("checkpoint", CoreSections.CHECKPOINT, Map.of()).asMap(),
        config.checkpoint().asMap());
    ExtensionUse loss = config.regularizers().get(0);
    assertEquals(1, config.regularizers().size());
    assertEquals("cross-entropy", loss.id());
    assertEquals("regularizer[0]", loss.keyPath());
    assertEquals(1.0, loss.weight());
  }

  @Test
  void fullConfigIsReadAsWritten() {
    RunConfig config = load("full.toml");

    assertEquals("full-run", config.name());
    assertEquals(7, config.seed());
    assertEquals(ROOT.resolve("out/runs"), config.output());
    assertEquals(ROOT.resolve("configs/data/fashion"), config.dataset().options().getPath("path"));
    assertEquals(1000, config.dataset().options().getInt("limit"));
    assertEquals("gelu", config.model().options().getString("activation"));
    assertEquals(1e-3, config.train().getDouble("learning_rate"));
    assertEquals(1.0, config.train().getDouble("warmup_epochs"));
    assertEquals(List.of(4, 8), config.train().getIntList("step_epochs"));
    assertTrue(config.train().getBool("nesterov"));
    assertEquals(5, config.checkpoint().getInt("keep"));

    ExtensionUse penalty = config.regularizers().get(1);
    assertEquals(ExtensionKind.REGULARIZER, penalty.kind());
    assertEquals("regularizer[1]", penalty.keyPath());
    assertEquals(0.25, penalty.weight());
    assertEquals(List.of("block2", "features"), penalty.options().getStringList("taps"));
    assertEquals("regularizer[1] 'variance-penalty'", penalty.options().owner());
    assertSame(
        catalog.find(ExtensionKind.REGULARIZER, "variance-penalty").orElseThrow(),
        penalty.extension());
  }

  @Test
  void inlineTablesEqualHeaders() {
    RunConfig config = load("inline-tables.toml");

    assertEquals(16, config.model().options().getInt("width"));
    assertEquals(2.0, config.regularizers().get(1).weight());
    assertEquals(1.5, config.regularizers().get(1).options().getDouble("target"));
  }

  @Test
  void lookAlikesInStringsAndCommentsAreText() {
    RunConfig config = load("tricky-strings.toml");

    // Not in run.name, which must name a folder.
    assertEquals(
        "x = 0x10, inf, nan, 1979-05-27, 07:32:00 # not a comment",
        config.metrics().getString("prometheus_host"));
    assertEquals(
        ROOT.resolve("configs/good/C:\\data\\fashion"), config.dataset().options().getPath("path"));
    assertEquals("relu", config.model().options().getString("activation"));
  }

  @Test
  void overridesAreReadAsTomlValues() {
    RunConfig config =
        load(
            "minimal.toml",
            "train.epochs=5",
            "run.name=\"quoted\"",
            "model.activation=gelu",
            "train.step_epochs=[1, 2]",
            "train.learning_rate = 0.5",
            "dataset.path=/abs/data");

    assertEquals(5, config.train().getInt("epochs"));
    assertEquals("quoted", config.name());
    assertEquals(
        "gelu",
        config.model().options().getString("activation"),
        "a bare word that is not TOML is a string");
    assertEquals(List.of(1, 2), config.train().getIntList("step_epochs"));
    assertEquals(0.5, config.train().getDouble("learning_rate"));
    assertEquals(Path.of("/abs/data"), config.dataset().options().getPath("path"));
  }

  @Test
  void overridesReachIntoArraysOfTables() {
    RunConfig tuned = load("minimal.toml", "regularizer[0].weight=2");
    assertEquals("cross-entropy", tuned.regularizers().get(0).id(), "tunes the default loss");
    assertEquals(2.0, tuned.regularizers().get(0).weight());

    RunConfig added =
        load("full.toml", "regularizer[2].id=variance-penalty", "regularizer[2].target=3");
    assertEquals(3, added.regularizers().size());
    assertEquals(3.0, added.regularizers().get(2).options().getDouble("target"));
  }

  @Test
  void laterOverrideWins() {
    RunConfig config = load("minimal.toml", "train.epochs=5", "train.epochs=9");
    assertEquals(9, config.train().getInt("epochs"));
  }

  @Test
  void overrideIntoAScalarIsAProblem() {
    ConfigException error =
        assertThrows(ConfigException.class, () -> load("full.toml", "run.name.first=1"));
    assertEquals(
        "--set: run.name.first: run.name is \"full-run\", not a table, so it has no key"
            + " 'first'",
        error.getMessage());
  }

  @Test
  void fixingAnOverrideProblemIsReportedAtTheOverrideNotTheFile() {
    ConfigException error =
        assertThrows(ConfigException.class, () -> load("full.toml", "dataset.limit=0"));
    ConfigProblem problem = error.problems().get(0);
    assertTrue(problem.fromOverride());
    assertEquals(-1, problem.line());
    assertEquals("dataset.limit", problem.keyPath());
  }

  @Test
  void missingFileIsOneProblem() {
    ConfigException error =
        assertThrows(
            ConfigException.class,
            () -> new ConfigLoader(ROOT).load(Path.of("configs/nope.toml"), List.of(), catalog));
    assertEquals(1, error.problems().size());
    assertTrue(
        error.getMessage().startsWith("configs/nope.toml: no such file (looked for "),
        error.getMessage());
  }

  @Test
  void folderIsNotAConfig() {
    ConfigException error =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(ROOT).load(GOOD, List.of(), catalog));
    assertEquals(
        "configs/good: is a folder, not a config file; name a .toml file", error.getMessage());
  }

  @Test
  void fileThatIsNotUtf8IsOneProblem(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("latin1.toml");
    Files.write(file, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
    ConfigException error =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(folder).load(file, List.of(), catalog));
    assertTrue(error.getMessage().endsWith("not UTF-8 text; save the file as UTF-8"));
  }

  @Test
  void byteOrderMarkIsIgnored(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("bom.toml");
    String minimal = Files.readString(ROOT.resolve(GOOD).resolve("minimal.toml"));
    Files.writeString(file, "\uFEFF" + minimal);
    assertEquals("bom", new ConfigLoader(folder).load(file, List.of(), catalog).name());
  }

  @Test
  void withoutTheDefaultLossARegularizerMustBeNamed() {
    MapCatalog noLoss =
        MapCatalog.of(
            new FakeExtensions.FakeIdx(),
            new FakeExtensions.FakeCnn(),
            new FakeExtensions.FakeVariancePenalty());
    ConfigException error =
        assertThrows(
            ConfigException.class,
            () -> new ConfigLoader(ROOT).load(GOOD.resolve("minimal.toml"), List.of(), noLoss));
    assertEquals(
        "configs/good/minimal.toml: regularizer: no [[regularizer]] given, and the default"
            + " 'cross-entropy' is not loaded; add a [[regularizer]] table with id = one of"
            + " [variance-penalty]",
        error.getMessage());
  }

  @Test
  void emptyCatalogSaysNothingIsLoaded() {
    ConfigException error =
        assertThrows(ConfigException.class, () -> load(MapCatalog.of(), "minimal.toml"));
    assertTrue(
        error
            .getMessage()
            .contains(
                "dataset.id: got \"idx\", but no dataset extension is"
                    + " loaded; put a plugin jar that provides one into plugins/"),
        error.getMessage());
  }

  @Test
  void pluginOptionNamedLikeAReservedKeyIsReported() {
    MapCatalog shadowing =
        MapCatalog.of(
            new FakeExtensions.FakeIdx(),
            new FakeExtensions.FakeCnn(),
            new FakeExtensions.FakeReservedName());
    ConfigException error =
        assertThrows(
            ConfigException.class,
            () -> load(shadowing, "minimal.toml", "regularizer[0].id=shadowing"));
    assertEquals(
        "configs/good/minimal.toml: regularizer[0] 'shadowing' from plugin fake-plugin"
            + " declares an option named 'weight', which nclab reserves; the plugin must rename it",
        error.getMessage());
  }

  private RunConfig load(MapCatalog other, String name, String... overrides) {
    return new ConfigLoader(ROOT).load(GOOD.resolve(name), List.of(overrides), other);
  }
}
