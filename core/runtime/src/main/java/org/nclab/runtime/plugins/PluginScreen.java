package org.nclab.runtime.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, before the host loads anything, which plugin archives it may load at all. The production
 * screen ({@link IsolatedPluginScreen}) runs {@code nclab plugins verify}'s checks in a child JVM,
 * so that a plugin that exits, halts or hangs while it is loaded takes down only that child: the
 * rules of {@code verify} and of drop-in loading are one checker.
 */
@FunctionalInterface
public interface PluginScreen {

  /**
   * Loads every archive unchecked: for the checker itself, which runs in a child JVM, and tests.
   */
  PluginScreen NONE = archives -> Map.of();

  /**
   * @param archives the plugin archives in the plugins folder, in name order
   * @return a one-line refusal reason for each archive that must not be loaded; the others load
   */
  Map<Path, String> refusals(List<Path> archives);

  /**
   * The refusals, and for each archive let through, the extensions its check listed: the host then
   * claims and lists them without running their code, and creates one only when a command uses it.
   * An archive without a listing is loaded and its extensions created at once.
   */
  default Screening screen(List<Path> archives) {
    return new Screening(refusals(archives), Map.of());
  }

  /** What {@link #screen} found. */
  record Screening(Map<Path, String> refusals, Map<Path, List<ListedExtension>> listings) {}

  /**
   * Why loading {@code jar} would take the JVM down (it exits, halts or hangs), found without
   * loading it here; empty when it would not, or when this screen cannot tell.
   */
  default Optional<String> fatalLoading(Path jar) {
    return Optional.empty();
  }
}
