package org.nclab.runtime.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nclab.api.Extension;
import org.nclab.api.options.OptionConflict;
import org.nclab.api.options.OptionSpec;
import org.nclab.api.options.Options;
import org.nclab.runtime.plugins.ExtensionCatalog;
import org.nclab.runtime.plugins.ExtensionKind;

/**
 * Turns the tables that name extensions ({@code [dataset]}, {@code [model]}, each {@code
 * [[regularizer]]}) into {@link ExtensionUse}s: finds the extension by kind and id in the catalog
 * and validates the table against the options the extension declares.
 */
final class ExtensionResolver {
  private static final String ID = "id";

  private final ExtensionCatalog catalog;
  private final OptionTableValidator tables;
  private final ProblemCollector problems;

  ExtensionResolver(
      ExtensionCatalog catalog, OptionTableValidator tables, ProblemCollector problems) {
    this.catalog = catalog;
    this.tables = tables;
    this.problems = problems;
  }

  /** The use in the one required table of this kind ({@code [dataset]}, {@code [model]}). */
  Optional<ExtensionUse> single(ExtensionKind kind, Object raw) {
    String path = kind.table();
    if (raw == null) {
      problems.add(path, "missing table; add [" + path + "] with id = one of " + knownIds(kind));
      return Optional.empty();
    }
    return TableShapes.table(path, "[" + path + "]", true, raw, problems)
        .flatMap(table -> use(kind, path, table));
  }

  /** The {@code [[regularizer]]} uses in written order, or the default when none is written. */
  List<ExtensionUse> regularizers(Object raw) {
    ExtensionKind kind = ExtensionKind.REGULARIZER;
    String path = kind.table();
    if (raw == null) {
      return defaultRegularizer(path);
    }
    if (raw instanceof List<?> list && list.isEmpty()) {
      problems.add(
          path,
          "got an empty array, expected at least one regularizer (the loss); delete"
              + " the line to use the default '"
              + CoreSections.DEFAULT_REGULARIZER
              + "'");
    }
    return many(kind, raw);
  }

  /** The uses of an optional array-of-tables kind in written order; none when none is written. */
  List<ExtensionUse> optionalMany(ExtensionKind kind, Object raw) {
    return raw == null ? List.of() : many(kind, raw);
  }

  private List<ExtensionUse> many(ExtensionKind kind, Object raw) {
    String path = kind.table();
    List<ExtensionUse> uses = new ArrayList<>();
    List<?> list = TableShapes.arrayOfTables(path, raw, problems).orElse(List.of());
    for (int i = 0; i < list.size(); i++) {
      String tablePath = KeyPaths.index(path, i);
      TableShapes.table(tablePath, "[[" + path + "]]", true, list.get(i), problems)
          .flatMap(table -> use(kind, tablePath, table))
          .ifPresent(uses::add);
    }
    return uses;
  }

  private List<ExtensionUse> defaultRegularizer(String path) {
    if (catalog.find(ExtensionKind.REGULARIZER, CoreSections.DEFAULT_REGULARIZER).isEmpty()) {
      problems.add(
          path,
          "no [["
              + path
              + "]] given, and the default '"
              + CoreSections.DEFAULT_REGULARIZER
              + "' is not loaded; add a [["
              + path
              + "]] table with"
              + " id = one of "
              + knownIds(ExtensionKind.REGULARIZER));
      return List.of();
    }
    return use(
            ExtensionKind.REGULARIZER,
            KeyPaths.index(path, 0),
            Map.of(ID, CoreSections.DEFAULT_REGULARIZER))
        .stream()
        .toList();
  }

  private Optional<ExtensionUse> use(ExtensionKind kind, String path, Map<String, Object> table) {
    Optional<Extension> found = find(kind, KeyPaths.join(path, ID), table.get(ID));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Extension extension = found.get();
    String owner = path + " '" + extension.id() + "'";
    List<OptionSpec> commonSpecs = CoreSections.commonOptions(kind);
    Set<String> reserved = new HashSet<>(Set.of(ID));
    commonSpecs.forEach(spec -> reserved.add(spec.name()));
    List<OptionSpec> specs = declaredOptions(extension, owner, reserved);
    Map<String, Object> options = tables.validate(path, owner, table, specs, reserved);
    Map<String, Object> common = common(path, owner, table, commonSpecs);
    if (options.size() < specs.size() || common.size() < commonSpecs.size()) {
      return Optional.empty();
    }
    Options validated = new Options(owner, options);
    if (!reportConflicts(extension, path, table, validated)) {
      return Optional.empty();
    }
    return Optional.of(
        new ExtensionUse(
            kind, extension.id(), extension, validated, new Options(owner, common), path));
  }

  /**
   * Reports each of the extension's {@link OptionConflict}s at an involved key the user wrote (on
   * the command line first), naming the others that are defaults; true when there were none.
   */
  private boolean reportConflicts(
      Extension extension, String path, Map<String, Object> table, Options options) {
    List<OptionConflict> conflicts = extension.conflicts(options);
    for (OptionConflict conflict : conflicts) {
      // A key set on the command line is the likelier cause, then one written in the file.
      String key =
          conflict.options().stream()
              .filter(o -> problems.isOverridden(KeyPaths.join(path, o)))
              .findFirst()
              .or(() -> conflict.options().stream().filter(table::containsKey).findFirst())
              .orElse(conflict.options().get(0));
      List<String> defaults =
          conflict.options().stream()
              .filter(o -> !table.containsKey(o))
              .map(o -> o + " is the default " + TomlValueWriter.value(options.asMap().get(o)))
              .toList();
      problems.add(
          KeyPaths.join(path, key),
          conflict.message()
              + (defaults.isEmpty() ? "" : " (" + String.join(", ", defaults) + ")"));
    }
    return conflicts.isEmpty();
  }

  /** The kind's common keys of this table, validated; fewer entries than specs on a problem. */
  private Map<String, Object> common(
      String path, String owner, Map<String, Object> table, List<OptionSpec> commonSpecs) {
    Map<String, Object> given = new LinkedHashMap<>();
    for (OptionSpec spec : commonSpecs) {
      if (table.containsKey(spec.name())) {
        given.put(spec.name(), table.get(spec.name()));
      }
    }
    return tables.validate(path, owner, given, commonSpecs, Set.of());
  }

  private Optional<Extension> find(ExtensionKind kind, String idPath, Object id) {
    String noun = kind.table();
    if (id == null) {
      problems.add(
          idPath, "missing; add id = \"...\" naming the " + noun + ", one of " + knownIds(kind));
      return Optional.empty();
    }
    if (!(id instanceof String name)) {
      problems.add(
          idPath,
          "got "
              + TableShapes.describe(id)
              + ", expected a string naming the "
              + noun
              + ", one of "
              + knownIds(kind));
      return Optional.empty();
    }
    Optional<Extension> extension = catalog.find(kind, name);
    if (extension.isEmpty()) {
      List<String> ids = catalog.ids(kind);
      problems.add(
          idPath,
          ids.isEmpty()
              ? "got \""
                  + name
                  + "\", but no "
                  + noun
                  + " extension is loaded; put a plugin jar that"
                  + " provides one into plugins/"
              : "got \""
                  + name
                  + "\", expected one of "
                  + ids
                  + " (the "
                  + noun
                  + " extensions of"
                  + " core and loaded plugins)"
                  + Suggestions.didYouMean(name, ids));
    }
    return extension;
  }

  /**
   * The extension's options without those named like a key nclab reads itself: such an option could
   * never be set, which is a bug in the plugin that the user must hear about.
   */
  private List<OptionSpec> declaredOptions(
      Extension extension, String owner, Set<String> reserved) {
    List<OptionSpec> usable = new ArrayList<>();
    for (OptionSpec spec : extension.options()) {
      if (reserved.contains(spec.name())) {
        problems.add(
            "",
            owner
                + " from "
                + catalog.providerOf(extension)
                + " declares an option"
                + " named '"
                + spec.name()
                + "', which nclab reserves; the plugin must rename it");
      } else {
        usable.add(spec);
      }
    }
    return usable;
  }

  private String knownIds(ExtensionKind kind) {
    List<String> ids = catalog.ids(kind);
    return ids.isEmpty() ? "[] (none loaded)" : ids.toString();
  }
}
