package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract for broken configs: every file in {@code configs/broken/} must fail to load, and its
 * message must contain each {@code # expect:} fragment and list exactly {@code # problems:}
 * problems. {@code # set:} lines are passed as {@code --set} overrides.
 */
class BrokenConfigsTest {
  private static final Path ROOT = ConfigTestFiles.resourceRoot();
  private static final Path BROKEN = Path.of("configs", "broken");

  static Stream<String> brokenConfigs() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve(BROKEN))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".toml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void corpusIsLargeEnough() throws IOException {
    assertTrue(brokenConfigs().count() >= 20, "at least 20 broken configs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenConfigs")
  void reportsExpectedProblems(String name) throws IOException {
    Path file = BROKEN.resolve(name);
    List<String> lines = Files.readAllLines(ROOT.resolve(file));
    List<String> expected = directives(lines, "expect");
    List<String> counts = directives(lines, "problems");
    assertFalse(expected.isEmpty(), name + " has no '# expect:' line");
    assertEquals(1, counts.size(), name + " needs one '# problems:' line");

    ConfigException error =
        assertThrows(
            ConfigException.class,
            () ->
                new ConfigLoader(ROOT)
                    .load(file, directives(lines, "set"), FakeExtensions.standardCatalog()));

    for (String fragment : expected) {
      assertTrue(
          error.getMessage().contains(fragment),
          () -> "expected fragment\n  " + fragment + "\nin\n" + error.getMessage());
    }
    assertEquals(Integer.parseInt(counts.get(0)), error.problems().size(), error::getMessage);
    assertEquals(
        error.problems().size(), error.getMessage().lines().count(), "one line per problem");
  }

  private static List<String> directives(List<String> lines, String name) {
    String prefix = "# " + name + ":";
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip())
        .toList();
  }
}
