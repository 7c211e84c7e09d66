package org.nclab.runtime.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nclab.runtime.config.TomlOutline.Array;
import org.nclab.runtime.config.TomlOutline.Entry;
import org.nclab.runtime.config.TomlOutline.Header;
import org.nclab.runtime.config.TomlOutline.InlineTable;
import org.nclab.runtime.config.TomlOutline.Value;

/**
 * The source line of each key path of a TOML file ({@code train.epochs}, {@code regularizer[1]},
 * {@code regularizer[1].weight}), because TOML4J's parse result forgets where values came from.
 */
final class TomlLineIndex {
  private final Map<String, Integer> lines = new HashMap<>();

  private TomlLineIndex() {}

  static TomlLineIndex of(String source) {
    return of(TomlOutline.of(source));
  }

  static TomlLineIndex of(TomlOutline outline) {
    TomlLineIndex index = new TomlLineIndex();
    for (Header header : outline.headers()) {
      index.put(header.path(), header.line());
      if (header.arrayTable()) {
        // The array as a whole is where its first table is.
        index.put(KeyPaths.parent(header.path()), header.line());
      }
    }
    index.putEntries(outline.entries());
    return index;
  }

  /** An index with no lines, for sources that have none (a file that could not be read). */
  static TomlLineIndex empty() {
    return new TomlLineIndex();
  }

  private void putEntries(List<Entry> entries) {
    for (Entry entry : entries) {
      put(entry.keyPath(), entry.line());
      putValue(entry.keyPath(), entry.value());
    }
  }

  private void putValue(String path, Value value) {
    if (value instanceof InlineTable table) {
      putEntries(table.entries());
    } else if (value instanceof Array array) {
      for (int i = 0; i < array.elements().size(); i++) {
        Value element = array.elements().get(i);
        if (element instanceof InlineTable) {
          put(KeyPaths.index(path, i), element.line());
          putValue(KeyPaths.index(path, i), element);
        }
      }
    }
  }

  // The first definition wins: a duplicate is a syntax error that TOML4J reports at its own line.
  private void put(String path, int line) {
    lines.putIfAbsent(path, line);
  }

  /** The line that defines {@code keyPath}, or -1. */
  int lineOf(String keyPath) {
    return lines.getOrDefault(keyPath, -1);
  }

  /**
   * The line of {@code keyPath} or else of its nearest written ancestor: a missing key is best
   * reported at the table it should be added to. -1 when not even the top-level table is written.
   */
  int nearestLine(String keyPath) {
    for (String path = keyPath; !path.isEmpty(); path = KeyPaths.parent(path)) {
      int line = lineOf(path);
      if (line > 0) {
        return line;
      }
    }
    return -1;
  }
}
