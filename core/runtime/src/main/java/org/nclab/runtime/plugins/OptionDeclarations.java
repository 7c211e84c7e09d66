package org.nclab.runtime.plugins;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.nclab.api.Extension;
import org.nclab.api.options.OptionSpec;

/**
 * Whether an extension describes itself as {@code nclab describe} and the config validator need: a
 * summary, and options that each have a doc, a name of their own, and no name that nclab reads
 * itself in the extension's tables ({@code id}, a regularizer's {@code weight}, ...).
 *
 * <p>The host does not check these when it loads a plugin (a config that uses a reserved name is
 * reported then); {@link PluginVerifier} does, so that an author hears of it before a user does.
 */
final class OptionDeclarations {

  private final Function<ExtensionKind, Set<String>> reservedNames;

  /**
   * @param reservedNames the keys nclab reads itself in every table of a kind, besides {@code id}
   */
  OptionDeclarations(Function<ExtensionKind, Set<String>> reservedNames) {
    this.reservedNames = reservedNames;
  }

  /** What is wrong with how the extension declares itself, or empty when nothing is. */
  Optional<String> problem(ProvidedExtension provided) {
    Extension extension = provided.extension();
    String who = "its " + provided.describe();
    String summary;
    List<OptionSpec> options;
    try {
      summary = extension.summary();
      options = extension.options();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of(
          who
              + " threw from summary() or options() ("
              + ExceptionText.describe(e)
              + "); build both from constants, they are called whenever a config is checked");
    }
    if (summary == null || summary.isBlank()) {
      return Optional.of(
          who + " has no summary(); return one sentence for 'nclab plugins' and 'nclab describe'");
    }
    // List.of(...).contains(null) throws, so look for a null element by hand.
    if (options == null || options.stream().anyMatch(Objects::isNull)) {
      return Optional.of(
          who + " returned null (or a null element) from options(); return List.of() for none");
    }
    return optionProblem(who, provided.kind(), options);
  }

  private Optional<String> optionProblem(String who, ExtensionKind kind, List<OptionSpec> options) {
    Set<String> reserved = reserved(kind);
    Set<String> seen = new HashSet<>();
    for (OptionSpec option : options) {
      String name = option.name();
      if (option.doc().isBlank()) {
        return Optional.of(
            who
                + " declares option '"
                + name
                + "' with an empty doc; give it one line saying what it does and in which unit,"
                + " as in OptionSpec.number(\""
                + name
                + "\", \"...\")");
      }
      if (reserved.contains(name)) {
        return Optional.of(
            who
                + " declares option '"
                + name
                + "', but nclab reads "
                + reserved
                + " itself in every "
                + kind.table()
                + " table; rename the option");
      }
      if (!seen.add(name)) {
        return Optional.of(
            who + " declares option '" + name + "' twice; give each option its own name");
      }
    }
    return Optional.empty();
  }

  /** {@code id} and the kind's common keys, sorted for messages. */
  private Set<String> reserved(ExtensionKind kind) {
    Set<String> names = new TreeSet<>(reservedNames.apply(kind));
    names.add("id");
    return names;
  }
}
