package org.nclab.runtime.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a run name may be: it names a folder under run.output, so letters, digits, '.', '_' and '-',
 * 1 to 128 of them, not starting with '.' (no separator, no {@code ..}, no control character).
 * Checked where the config is read, with its line, and again where the folder is made.
 */
public final class RunNames {
  /** The one pattern of a run name; study variant names use it too. */
  public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,127}");

  private RunNames() {}

  /** Why {@code name} cannot name a run folder, or empty when it can. */
  public static Optional<String> problem(String name) {
    if (SAFE.matcher(name).matches()) {
      return Optional.empty();
    }
    String shown =
        name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
            ? name.replaceAll("\\p{Cntrl}", "?") + "\" (it holds a control character)"
            : name.length() > 60
                ? name.substring(0, 60) + "...\" (" + name.length() + " characters)"
                : name + "\"";
    return Optional.of(
        "\""
            + shown
            + " cannot name a folder; use 1 to 128 letters, digits, '.', '_' and '-' (not"
            + " starting with '.'), e.g. run.name = \"quickstart\"");
  }
}
