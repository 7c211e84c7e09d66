package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.VerifyException;
import com.moandjiezana.toml.Toml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nclab.api.UserException;

class ResolvedConfigWriterTest {
  private static final Path ROOT = ConfigTestFiles.resourceRoot();
  private final FakeExtensions.MapCatalog catalog = FakeExtensions.standardCatalog();

  @TempDir Path runFolder;

  private RunConfig load(Path file, String... overrides) {
    return new ConfigLoader(ROOT).load(file, List.of(overrides), catalog);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"minimal.toml", "full.toml", "inline-tables.toml", "tricky-strings.toml"})
  void writtenConfigLoadsBackEqual(String name) {
    RunConfig original = load(Path.of("configs", "good", name));
    Path written = runFolder.resolve("config.toml");

    ResolvedConfigWriter.write(original, written);
    RunConfig reloaded = load(written);

    assertEquals(original, reloaded, () -> ResolvedConfigWriter.toToml(original));
    assertEquals(original.hashCode(), reloaded.hashCode());
    assertEquals(written, reloaded.source());
  }

  @Test
  void valuesThatTomlReadersMangleSurviveTheRoundTrip() {
    RunConfig original =
        load(
            Path.of("configs", "good", "minimal.toml"),
            // Any free string: run.name must name a folder, so it can no longer carry these.
            "metrics.prometheus_host=\"quote \\\" tab \\t newline \\n unicode \u00e9 \\u0001\"",
            "dataset.path='C:\\data\\new\\'",
            "train.learning_rate=0.1",
            "train.weight_decay=3e-7",
            "train.epsilon=1e-300",
            "train.momentum=0.30000000000000004",
            "regularizer[0].weight=1e6");
    Path written = runFolder.resolve("config.toml");

    ResolvedConfigWriter.write(original, written);

    assertEquals(original, load(written), () -> ResolvedConfigWriter.toToml(original));
  }

  @Test
  void writesEveryDefaultAndAbsolutePaths() throws IOException {
    RunConfig config = load(Path.of("configs", "good", "minimal.toml"));
    Path written = runFolder.resolve("config.toml");

    ResolvedConfigWriter.write(config, written);
    Toml toml = new Toml().read(Files.readString(written));

    assertEquals("minimal", toml.getString("run.name"));
    assertEquals(ROOT.resolve("runs").toString(), toml.getString("run.output"));
    assertEquals(
        ROOT.resolve("configs/good/data/fashion").toString(), toml.getString("dataset.path"));
    assertEquals(60_000L, toml.getLong("dataset.limit"));
    assertEquals(3L, toml.getLong("train.epochs"));
    assertEquals(List.of(), toml.getList("train.step_epochs"));
    assertEquals(3L, toml.getLong("checkpoint.keep"));
    assertEquals("cross-entropy", toml.getString("regularizer[0].id"));
    assertEquals(1.0, toml.getDouble("regularizer[0].weight"));
  }

  @Test
  void regularizersAreArraysOfTables() {
    String text = ResolvedConfigWriter.toToml(load(Path.of("configs", "good", "full.toml")));

    assertEquals(2, text.lines().filter(l -> l.equals("[[regularizer]]")).count(), text);
    assertTrue(
        text.contains(
            "\n[[regularizer]]\nid = \"variance-penalty\"\nweight = 0.25\n"
                + "target = 2.0\ntaps = [\"block2\", \"features\"]\n"),
        text);
  }

  @Test
  void differentSettingsAreNotEqual() {
    Path minimal = Path.of("configs", "good", "minimal.toml");
    assertNotEquals(load(minimal), load(minimal, "train.epochs=4"));
    assertNotEquals(load(minimal), load(minimal, "dataset.limit=4"));
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path written = runFolder.resolve("config.toml");
    Files.writeString(written, "old");

    ResolvedConfigWriter.write(load(Path.of("configs", "good", "minimal.toml")), written);

    assertTrue(Files.readString(written).startsWith("# The resolved config of run 'minimal'"));
    try (Stream<Path> files = Files.list(runFolder)) {
      assertEquals(List.of(written), files.toList());
    }
  }

  @Test
  void unwritableTargetIsAUserError() throws IOException {
    Path blocker = Files.writeString(runFolder.resolve("file"), "not a folder");
    RunConfig config = load(Path.of("configs", "good", "minimal.toml"));

    UserException error =
        assertThrows(
            UserException.class,
            () -> ResolvedConfigWriter.write(config, blocker.resolve("config.toml")));
    assertTrue(
        error.getMessage().startsWith("cannot write the resolved config"), error.getMessage());
  }

  @Test
  void numbersAreWrittenSoTheyReadBackExactly() {
    assertEquals("0.0005", TomlValueWriter.number(5e-4));
    assertEquals("10000000.0", TomlValueWriter.number(1e7));
    assertEquals("-0.0", TomlValueWriter.number(-0.0));
    assertThrows(VerifyException.class, () -> TomlValueWriter.number(Double.NaN));
  }

  @Test
  void stringsWithBackslashesAreWrittenLiteral() {
    assertEquals("'C:\\data\\'", TomlValueWriter.string("C:\\data\\"));
    assertEquals("\"a \\\"b\\\"\\n\"", TomlValueWriter.string("a \"b\"\n"));
    assertEquals("\"odd key\"", TomlValueWriter.key("odd key"));
    assertEquals("bare_key-1", TomlValueWriter.key("bare_key-1"));
  }
}
