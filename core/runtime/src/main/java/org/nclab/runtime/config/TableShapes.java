package org.nclab.runtime.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a value meant to be a table is one, and says how to write it when it is not: the
 * usual slips are {@code dataset = "idx"}, {@code [regularizer]} for {@code [[regularizer]]} and
 * the reverse.
 */
final class TableShapes {

  /**
   * The table at {@code path}, or empty with a problem; an absent table reads as empty.
   *
   * @param header how the table is written: {@code [train]}, {@code [[regularizer]]}
   * @param namesExtension whether the table names an extension by {@code id}
   */
  static Optional<Map<String, Object>> table(
      String path, String header, boolean namesExtension, Object raw, ProblemCollector problems) {
    if (raw == null) {
      return Optional.of(Map.of());
    }
    if (raw instanceof Map<?, ?> map) {
      return Optional.of(stringKeys(map));
    }
    String fix;
    if (isArrayOfTables(raw)) {
      fix = "write " + header + " with single brackets: there is one " + path + " table";
    } else if (raw instanceof String id && namesExtension) {
      fix = "write " + header + " and under it id = \"" + id + "\"";
    } else {
      fix = "write " + header + " and put its keys on the lines under it";
    }
    problems.add(path, "got " + describe(raw) + ", expected a table; " + fix);
    return Optional.empty();
  }

  /** The tables of {@code [[name]]} at {@code path}, or empty with a problem. */
  static Optional<List<?>> arrayOfTables(String path, Object raw, ProblemCollector problems) {
    if (raw instanceof List<?> list) {
      return Optional.of(list);
    }
    String fix =
        raw instanceof Map
            ? "write [[" + path + "]] with double brackets, once for each " + path
            : "write each " + path + " as a [[" + path + "]] table";
    problems.add(path, "got " + describe(raw) + ", expected an array of tables; " + fix);
    return Optional.empty();
  }

  static boolean isArrayOfTables(Object raw) {
    return raw instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map;
  }

  /** A value for messages: {@code "idx"}, {@code 5 (an integer)}, {@code a table}. */
  static String describe(Object raw) {
    if (raw instanceof String s) {
      return "\"" + s + "\"";
    }
    if (raw instanceof Map) {
      return "a table";
    }
    if (isArrayOfTables(raw)) {
      return "an array of tables";
    }
    if (raw instanceof List<?> list) {
      return list.isEmpty() ? "an empty array" : "the array " + list;
    }
    if (raw instanceof Long || raw instanceof Integer) {
      return raw + " (an integer)";
    }
    if (raw instanceof Double) {
      return raw + " (a number)";
    }
    if (raw instanceof Boolean) {
      return raw + " (a boolean)";
    }
    return raw + " (a " + raw.getClass().getSimpleName() + ")";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    // TOML tables always have string keys; the cast only restores what TOML4J's Object erased.
    return (Map<String, Object>) map;
  }

  private TableShapes() {}
}
