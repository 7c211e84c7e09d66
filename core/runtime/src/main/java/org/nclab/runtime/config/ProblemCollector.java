package org.nclab.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gathers every problem of one load and places each: in the file at its line, or in {@code --set}
 * when an override wrote the value. Reports one problem per key: once a key has a problem, later
 * problems at or under it are consequences (a table of the wrong shape has no valid keys either)
 * and would only bury the cause.
 */
final class ProblemCollector {
  private static final Comparator<ConfigProblem> FILE_ORDER =
      Comparator.comparing(ConfigProblem::fromOverride)
          .thenComparingInt(p -> p.line() > 0 ? p.line() : Integer.MAX_VALUE)
          .thenComparing(ConfigProblem::keyPath);

  private final String file;
  private final TomlLineIndex lines;
  private final Set<String> overridden = new HashSet<>();
  private final Set<String> reported = new HashSet<>();
  private final List<ConfigProblem> problems = new ArrayList<>();

  /**
   * @param file the config file as the user named it
   * @param lines where each key path is written in it
   */
  ProblemCollector(String file, TomlLineIndex lines) {
    this.file = file;
    this.lines = lines;
  }

  /** Values at or under this path now come from {@code --set}. */
  void markOverridden(String keyPath) {
    overridden.add(keyPath);
  }

  /** Keeps quiet about this path and what is under it: it was reported already another way. */
  void alreadyReported(String keyPath) {
    reported.add(keyPath);
  }

  /** A problem with a value of the config, placed where that value was written. */
  void add(String keyPath, String message) {
    if (isOverridden(keyPath)) {
      addOverride(keyPath, message);
    } else {
      addAt(lines.nearestLine(keyPath), keyPath, message);
    }
  }

  /** A problem in the file at a line found some other way (the preflight, TOML4J). */
  void addAt(int line, String keyPath, String message) {
    record(new ConfigProblem(file, line, keyPath, message));
  }

  /** A problem with a {@code --set} override itself. */
  void addOverride(String keyPath, String message) {
    record(new ConfigProblem(ConfigProblem.OVERRIDE_SOURCE, -1, keyPath, message));
  }

  private void record(ConfigProblem problem) {
    String path = problem.keyPath();
    if (!path.isEmpty() && reported.stream().anyMatch(done -> KeyPaths.isWithin(path, done))) {
      return;
    }
    if (!path.isEmpty()) {
      reported.add(path);
    }
    problems.add(problem);
  }

  /** Whether the value at this path came from {@code --set}. */
  boolean isOverridden(String keyPath) {
    return overridden.stream().anyMatch(path -> KeyPaths.isWithin(keyPath, path));
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Throws every problem so far, file problems by line first, then those of {@code --set}. */
  void throwIfAny() {
    if (hasProblems()) {
      throw new ConfigException(problems.stream().sorted(FILE_ORDER).toList());
    }
  }
}
