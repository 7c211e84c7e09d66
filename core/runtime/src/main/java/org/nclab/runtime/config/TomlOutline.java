package org.nclab.runtime.config;

import java.util.List;

/**
 * The shape of a TOML document as written: its table headers and key/value statements with their
 * lines and resolved key paths. TOML4J's parse result has neither lines nor the TOML 1.0 forms it
 * rejects or drops, so the preflight and the line index read this instead. Built tolerantly:
 * statements too broken to outline are skipped and left for TOML4J to report.
 */
record TomlOutline(List<Header> headers, List<Entry> entries) {

  static TomlOutline of(String source) {
    return TomlOutlineParser.parse(source);
  }

  /** {@code [train]} or {@code [[regularizer]]}; the path of an array table carries its index. */
  record Header(String path, boolean arrayTable, int line) {}

  /**
   * {@code key = value}. {@code key} has more than one part when written dotted (TOML 1.0).
   *
   * @param tablePath the table the statement is in, "" for the top level
   * @param valueText the value as written, for messages
   */
  record Entry(
      String tablePath, List<String> key, Value value, int line, int endLine, String valueText) {

    String keyPath() {
      return KeyPaths.join(tablePath, String.join(".", key));
    }
  }

  sealed interface Value permits Scalar, Array, InlineTable, Missing {
    int line();
  }

  record Scalar(ScalarKind kind, String text, int line) implements Value {}

  record Array(List<Value> elements, int line) implements Value {}

  record InlineTable(List<Entry> entries, int line) implements Value {}

  /** {@code key =} with nothing after it, which TOML4J silently drops. */
  record Missing(int line) implements Value {}
}
