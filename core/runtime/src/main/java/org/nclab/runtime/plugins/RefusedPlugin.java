package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin archive that nclab did not load, and why. The CLI prints {@link #message()} as a
 * warning; the other plugins work as if the jar were not there.
 *
 * @param jar the archive in the plugins folder
 * @param reason one line: what is wrong, the value found, what was expected, and what to do
 */
public record RefusedPlugin(Path jar, String reason) {

  public RefusedPlugin {
    Objects.requireNonNull(jar, "jar");
    // Reasons quote exception messages (PF4J's contain line breaks); a warning stays one line.
    reason = reason.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** {@code plugin JAR refused: REASON}, the line a user sees. */
  public String message() {
    return "plugin " + jar + " refused: " + reason;
  }
}
