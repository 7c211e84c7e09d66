package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;

/** The helpers behind the messages: problems, suggestions, key paths, core section specs. */
class SmallPartsTest {

  @Test
  void problemPrintsFileLineKeyAndMessage() {
    assertEquals(
        "configs/bad.toml:12: train.epochs: got 0, expected a value in [1, 100000]",
        new ConfigProblem(
                "configs/bad.toml", 12, "train.epochs", "got 0, expected a value in [1, 100000]")
            .toString());
    assertEquals(
        "a.toml: dataset: missing table",
        new ConfigProblem("a.toml", -1, "dataset", "missing table").toString());
    assertEquals(
        "a.toml:3: TOML syntax error",
        new ConfigProblem("a.toml", 3, "", "TOML syntax error").toString());
  }

  @Test
  void exceptionNeedsAProblemAndListsOnePerLine() {
    assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
    ConfigException error =
        new ConfigException(
            List.of(
                new ConfigProblem("a.toml", 1, "x", "one"),
                new ConfigProblem("--set", -1, "y", "two")));
    assertEquals("a.toml:1: x: one\n--set: y: two", error.getMessage());
  }

  @Test
  void suggestsNearMissesOnly() {
    List<String> keys = List.of("epochs", "batch_size", "learning_rate", "train");
    assertEquals(Optional.of("epochs"), Suggestions.closest("epoch", keys));
    assertEquals(Optional.of("train"), Suggestions.closest("trian", keys), "transposition");
    assertEquals(Optional.of("batch_size"), Suggestions.closest("BatchSize", keys));
    assertEquals(Optional.of("learning_rate"), Suggestions.closest("lerning_rate", keys));
    assertEquals(Optional.empty(), Suggestions.closest("lr", keys));
    assertEquals(Optional.empty(), Suggestions.closest("momentum", keys));
    assertEquals(1, Suggestions.distance("ab", "ba"));
    assertEquals(3, Suggestions.distance("", "abc"));
  }

  @Test
  void keyPathsWalkUpThroughIndexes() {
    assertEquals("regularizer[1]", KeyPaths.parent("regularizer[1].weight"));
    assertEquals("regularizer", KeyPaths.parent("regularizer[1]"));
    assertEquals("", KeyPaths.parent("regularizer"));
    assertTrue(KeyPaths.isWithin("regularizer[1].weight", "regularizer"));
    assertTrue(KeyPaths.isWithin("train", "train"));
    assertFalse(KeyPaths.isWithin("training.x", "train"));
    assertEquals("weight", KeyPaths.lastKey("regularizer[1].weight"));
  }

  @Test
  void coreSectionsHaveUniqueNamesAndCompleteDefaults() {
    for (List<OptionSpec> section : List.of(CoreSections.TRAIN, CoreSections.CHECKPOINT)) {
      Set<String> names = new HashSet<>();
      for (OptionSpec spec : section) {
        assertTrue(names.add(spec.name()), "duplicate " + spec.name());
        assertFalse(spec.required(), spec.name() + " needs a default");
      }
      Options.withDefaults("section", section, Map.of()); // every default passes its own checks
    }
    assertTrue(CoreSections.RUN.get(0).required(), "run.name comes from the file name");
    assertFalse(CoreSections.runWithName("x").get(0).required());
    assertEquals(Optional.of("run"), CoreSections.sectionOf("seed"));
    assertEquals(Optional.of("train"), CoreSections.sectionOf("epochs"));
    assertEquals(Optional.empty(), CoreSections.sectionOf("id"));
  }
}
