package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TomlLineIndexTest {
  private static final String SOURCE =
      String.join(
          "\n",
          "# comment", // 1
          "[run]", // 2
          "name = \"a # b\"  # c", // 3
          "notes = \"\"\"", // 4
          "[not.a.table]", // 5
          "\"\"\"", // 6
          "seed = 1", // 7
          "[[regularizer]]", // 8
          "id = \"cross-entropy\"", // 9
          "[[regularizer]]", // 10
          "id = \"penalty\"", // 11
          "  weight = 0.5", // 12
          "[regularizer.sub]", // 13
          "x = 1", // 14
          "[model]", // 15
          "head = { id = \"linear\", sizes = [", // 16
          "  1, 2] }", // 17
          "list = [ { a = 1 },", // 18
          "  { a = 2 } ]", // 19
          "after = 1"); // 20

  private final TomlLineIndex index = TomlLineIndex.of(SOURCE);

  @Test
  void findsKeysAndTablesAfterMultiLineStrings() {
    assertEquals(2, index.lineOf("run"));
    assertEquals(3, index.lineOf("run.name"));
    assertEquals(4, index.lineOf("run.notes"));
    assertEquals(-1, index.lineOf("not.a.table"), "text inside a string is no header");
    assertEquals(7, index.lineOf("run.seed"));
  }

  @Test
  void countsArrayTables() {
    assertEquals(8, index.lineOf("regularizer"));
    assertEquals(8, index.lineOf("regularizer[0]"));
    assertEquals(9, index.lineOf("regularizer[0].id"));
    assertEquals(10, index.lineOf("regularizer[1]"));
    assertEquals(12, index.lineOf("regularizer[1].weight"));
    assertEquals(14, index.lineOf("regularizer[1].sub.x"), "a sub-table belongs to the last [[ ]]");
  }

  @Test
  void findsKeysInInlineTablesAndArrays() {
    assertEquals(16, index.lineOf("model.head.id"));
    assertEquals(16, index.lineOf("model.head.sizes"));
    assertEquals(18, index.lineOf("model.list[0].a"));
    assertEquals(19, index.lineOf("model.list[1].a"));
    assertEquals(20, index.lineOf("model.after"), "multi-line values advance the line count");
  }

  @Test
  void missingKeysPointAtTheirTable() {
    assertEquals(-1, index.lineOf("run.output"));
    assertEquals(2, index.nearestLine("run.output"));
    assertEquals(10, index.nearestLine("regularizer[1].target"));
    assertEquals(-1, index.nearestLine("dataset.id"));
  }
}
