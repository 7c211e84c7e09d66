package org.nclab.runtime.config;

import java.util.Objects;

/**
 * One thing wrong with a run's config, located as precisely as nclab can: the file (or {@code
 * --set} for a command-line override), the line, and the key path such as {@code train.epochs} or
 * {@code regularizer[1].weight}.
 *
 * @param file the config file as the user named it, or {@link #OVERRIDE_SOURCE}
 * @param line 1-based line in {@code file}, or -1 when the problem has no line (a missing table)
 * @param keyPath where in the config; empty when the problem is about the file as a whole
 * @param message what is wrong, the value, what was expected and, where useful, the fix
 */
public record ConfigProblem(String file, int line, String keyPath, String message) {

  /** The {@link #file()} of problems in {@code --set key.path=value} overrides. */
  public static final String OVERRIDE_SOURCE = "--set";

  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the problem is in a {@code --set} override rather than in the file. */
  public boolean fromOverride() {
    return OVERRIDE_SOURCE.equals(file);
  }

  /** {@code configs/bad.toml:12: train.epochs: got 0, expected a value in [1, 100000]}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ");
    if (!keyPath.isEmpty()) {
      text.append(keyPath).append(": ");
    }
    return text.append(message).toString();
  }
}
