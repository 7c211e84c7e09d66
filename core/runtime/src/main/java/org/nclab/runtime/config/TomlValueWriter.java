package org.nclab.runtime.config;

import com.google.common.base.Verify;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes single values as TOML 0.4 text that TOML4J reads back to the same Java value. That rules
 * out TOML4J's own writer for two cases: it writes doubles as {@code 1.0E-7}, which TOML4J reads
 * back as {@code 1.0 * 10^-7} (not always the same double), and it writes backslashes into basic
 * strings, whose escapes TOML4J decodes wrongly ({@code "a\\n"} comes back with a newline).
 */
final class TomlValueWriter {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : basicString(key);
  }

  static String value(Object value) {
    if (value instanceof String s) {
      return string(s);
    }
    if (value instanceof Path path) {
      return string(path.toString());
    }
    if (value instanceof Double d) {
      return number(d);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(TomlValueWriter::value).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> key(e.getKey().toString()) + " = " + value(e.getValue()))
          .collect(Collectors.joining(", ", "{ ", " }"));
    }
    throw new IllegalArgumentException("no TOML form for " + value.getClass().getName());
  }

  /**
   * Plain decimal with a fraction: Double.valueOf reads it back exactly, which is the path TOML4J
   * takes for numbers without an exponent.
   */
  static String number(double value) {
    Verify.verify(Double.isFinite(value), "TOML 0.4 has no %s; options are range-checked", value);
    if (value == 0) {
      return Double.toString(value); // keeps the sign of -0.0, which BigDecimal drops
    }
    String plain = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /**
   * A literal string when there is a backslash to keep (Windows paths), since TOML4J mangles
   * escaped backslashes; otherwise a basic string. A string with a backslash and a quote or control
   * character has no form that TOML4J reads back; it is written basic and may change.
   */
  static String string(String s) {
    boolean literalFits = s.chars().noneMatch(c -> c == '\'' || Character.isISOControl(c));
    return s.indexOf('\\') >= 0 && literalFits ? "'" + s + "'" : basicString(s);
  }

  private static String basicString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private TomlValueWriter() {}
}
