package org.nclab.runtime.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of TOML file nclab reads, told apart by their tables, so that a file given to the wrong
 * command is named for what it is, with the command that reads it, instead of being reported as a
 * list of unknown tables.
 */
public enum ConfigKind {
  EXPERIMENT(
      "an experiment config", "'nclab train FILE' trains it and 'nclab validate FILE' checks it"),
  TRANSFER(
      "a transfer config", "'nclab transfer FILE' runs it and 'nclab validate FILE' checks it"),
  STUDY("a study file", "'nclab study FILE' runs it and 'nclab study --check FILE' checks it"),
  DATASET(
      "a dataset config (only a [dataset] table)",
      "'--dataset FILE' of eval, probe, rank and transfer reads it, and 'nclab data describe FILE'"
          + " shows it");

  private static final Set<String> STUDY_TABLES = Set.of("study", "base", "variant", "downstream");

  private final String what;
  private final String readBy;

  ConfigKind(String what, String readBy) {
    this.what = what;
    this.readBy = readBy;
  }

  /** The kind a parsed file is: by its [study]/[transfer] tables, or a lone [dataset]. */
  public static ConfigKind of(Map<String, Object> tree) {
    if (tree.keySet().stream().anyMatch(STUDY_TABLES::contains)) {
      return STUDY;
    }
    if (tree.get("transfer") instanceof Map) {
      return TRANSFER;
    }
    if (tree.keySet().equals(Set.of("dataset"))) {
      return DATASET;
    }
    return EXPERIMENT;
  }

  /**
   * Throws when {@code tree} is not one of {@code accepted}: "FILE: is a study file, not an
   * experiment config; 'nclab study FILE' runs it ...".
   */
  public static void require(
      Map<String, Object> tree, String shownName, ConfigKind expected, ConfigKind... alsoAccepted) {
    ConfigKind kind = of(tree);
    if (kind == expected || List.of(alsoAccepted).contains(kind)) {
      return;
    }
    throw new ConfigException(
        List.of(
            new ConfigProblem(
                shownName,
                -1,
                "",
                "is "
                    + kind.what
                    + ", not "
                    + expected.what
                    + "; "
                    + kind.readBy.replace("FILE", shownName))));
  }
}
