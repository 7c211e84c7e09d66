package org.nclab.runtime.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOML file read as strictly as a run's config (the same preflight for TOML 1.0-only syntax and
 * keys without values, the same syntax messages), with the line of every key path: for files other
 * than run configs, such as a study, whose own problems must read like config problems ({@code
 * file:line: key.path: what; fix}).
 */
public final class TomlDocument {
  private final String shownName;
  private final Map<String, Object> tree;
  private final TomlLineIndex lines;

  private TomlDocument(String shownName, Map<String, Object> tree, TomlLineIndex lines) {
    this.shownName = shownName;
    this.tree = tree;
    this.lines = lines;
  }

  /**
   * @param file as the user named it (messages show it this way)
   * @param workingDirectory what a relative {@code file} resolves against
   * @throws ConfigException for an unreadable file, a syntax error or a preflight finding
   */
  public static TomlDocument read(Path file, Path workingDirectory) {
    String shownName = file.toString();
    String text = ConfigLoader.read(workingDirectory.resolve(file).normalize(), shownName);
    TomlOutline outline = TomlOutline.of(text);
    TomlLineIndex lines = TomlLineIndex.of(outline);
    ProblemCollector problems = new ProblemCollector(shownName, lines);
    TomlPreflight.Result preflight = TomlPreflight.check(text, outline);
    preflight.findings().forEach(f -> problems.addAt(f.line(), f.keyPath(), f.message()));
    Map<String, Object> tree = ConfigLoader.parse(preflight.readableSource(), problems);
    problems.throwIfAny();
    return new TomlDocument(shownName, tree, lines);
  }

  /** The parsed file as nested maps (tables) and lists (arrays), in file order; mutable. */
  public Map<String, Object> tree() {
    return tree;
  }

  public String shownName() {
    return shownName;
  }

  /** A problem placed at {@code keyPath}'s line, or its nearest written ancestor's. */
  public ConfigProblem problem(String keyPath, String message) {
    return new ConfigProblem(shownName, lines.nearestLine(keyPath), keyPath, message);
  }

  /**
   * A value as TOML text that the config reader reads back to the same value ({@code --set} form).
   */
  public static String tomlValue(Object value) {
    return TomlValueWriter.value(value);
  }

  /**
   * A config tree (top-level tables and arrays of tables, each holding values) as TOML text, e.g. a
   * run config written inline in another file.
   *
   * @throws IllegalArgumentException for a top-level value or a table nested deeper
   */
  public static String toToml(Map<String, Object> tree) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Object> entry : tree.entrySet()) {
      String key = TomlValueWriter.key(entry.getKey());
      if (entry.getValue() instanceof Map<?, ?> table) {
        out.append("[").append(key).append("]\n");
        appendValues(out, table);
      } else if (TableShapes.isArrayOfTables(entry.getValue())) {
        for (Object table : (List<?>) entry.getValue()) {
          out.append("[[").append(key).append("]]\n");
          appendValues(out, (Map<?, ?>) table);
        }
      } else {
        throw new IllegalArgumentException("'" + entry.getKey() + "' is a value, not a table");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void appendValues(StringBuilder out, Map<?, ?> table) {
    Map<Object, Object> values = new LinkedHashMap<>(table);
    values.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?>) {
            throw new IllegalArgumentException(
                "'" + key + "' is a table inside a table; nclab configs have none");
          }
          out.append(TomlValueWriter.key(key.toString()))
              .append(" = ")
              .append(TomlValueWriter.value(value))
              .append('\n');
        });
  }
}
