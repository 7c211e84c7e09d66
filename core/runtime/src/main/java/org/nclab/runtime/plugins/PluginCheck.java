package org.nclab.runtime.plugins;

import java.util.Objects;

/**
 * One line of a {@link PluginVerdict}: what was checked, and either what was found or why the jar
 * is refused.
 *
 * @param name what was checked, one word ({@code jar}, {@code extensions}, {@code options}, ...)
 * @param passed whether the jar passed it
 * @param detail what was found when it passed; the one-line reason and fix when it did not
 */
public record PluginCheck(String name, boolean passed, String detail) {

  public PluginCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }

  static PluginCheck ok(String name, String found) {
    return new PluginCheck(name, true, found);
  }

  /** Refused for the reason the host gives (or would give): one line, saying what to do. */
  static PluginCheck refused(String name, RefusedPlugin refusal) {
    return new PluginCheck(name, false, refusal.reason());
  }

  /** {@code extensions OK: ...} or {@code jar REFUSED: ...}, as the CLI prints it. */
  public String line() {
    return String.format("%-11s %s: %s", name, passed ? "OK" : "REFUSED", detail);
  }
}
