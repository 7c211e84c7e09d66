package org.nclab.api;

import java.util.List;
import org.nclab.api.options.OptionConflict;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.pf4j.ExtensionPoint;

/**
 * Something a user can name in an experiment's TOML by its {@link #id()}.
 *
 * <p>An extension is a stateless factory. PF4J creates one instance per class (annotate it with
 * {@code @org.pf4j.Extension}); the runtime calls it once per use with that use's validated {@link
 * org.nclab.api.options.Options}. Keep per-run state in the objects it returns, never in fields of
 * the extension.
 *
 * <p>Built-in extensions of nclab's core register exactly like those of plugins, through {@code
 * META-INF/extensions.idx}. Ids are unique per kind: when two providers claim one id, the core's
 * built-in wins over a plugin, and between plugins the jar whose file name sorts first; the other
 * plugin is refused with a message naming both. To offer a variant of a built-in, give it a new id.
 *
 * <p>Ids are lower-case words joined by dashes ({@code feature-norm}); the host refuses others.
 */
public interface Extension extends ExtensionPoint {

  /** Stable, lower-case, dash-separated id used in TOML ({@code id = "cross-entropy"}). */
  String id();

  /** One sentence for {@code nclab describe} and {@code nclab plugins}. */
  String summary();

  /**
   * The options this extension accepts beside {@code id} in its TOML table. The runtime rejects any
   * other key, applies defaults and checks types and ranges before the extension is called.
   */
  default List<OptionSpec> options() {
    return List.of();
  }

  /**
   * Checks the options against each other, after each passed its own checks: called when a config
   * is loaded ({@code nclab validate} included), so a conflict is reported at the key's file and
   * line before anything runs, instead of as an exception from {@code build}. Empty by default.
   */
  default List<OptionConflict> conflicts(Options options) {
    return List.of();
  }
}
