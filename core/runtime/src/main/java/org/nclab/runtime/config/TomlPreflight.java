package org.nclab.runtime.config;

import com.google.common.base.Ascii;
import com.google.common.base.Joiner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nclab.runtime.config.TomlOutline.Array;
import org.nclab.runtime.config.TomlOutline.Entry;
import org.nclab.runtime.config.TomlOutline.InlineTable;
import org.nclab.runtime.config.TomlOutline.Missing;
import org.nclab.runtime.config.TomlOutline.Scalar;
import org.nclab.runtime.config.TomlOutline.Value;

/**
 * Finds, in the raw text and before TOML4J parses it, what TOML4J (a TOML 0.4 reader) would reject
 * with an obscure message or silently get wrong: a key with no value (dropped without a word),
 * dotted keys, hex/octal/binary integers, inf/nan, local dates and times, mixed-type arrays, and
 * unquoted strings. Strings and comments are lexed, so these forms inside them are not flagged.
 *
 * <p>The statements with findings are blanked out of {@link Result#readableSource()} (keeping line
 * numbers), so that TOML4J can still read the rest and every other problem is reported too.
 */
final class TomlPreflight {
  private static final String TOML_1_0 =
      "is TOML 1.0 syntax not supported by nclab's TOML 0.4 reader";

  /** A problem with its line and key path; the loader adds the file. */
  record Finding(int line, String keyPath, String message) {}

  /**
   * @param droppedStatements key paths of the blanked statements, so that validation does not
   *     report them a second time as missing
   * @param readableSource the source with those statements' lines emptied
   */
  record Result(List<Finding> findings, Set<String> droppedStatements, String readableSource) {}

  private final List<Finding> findings = new ArrayList<>();

  private TomlPreflight() {}

  static Result check(String source) {
    return check(source, TomlOutline.of(source));
  }

  static Result check(String source, TomlOutline outline) {
    String[] lines = source.split("\n", -1);
    Set<String> dropped = new LinkedHashSet<>();
    TomlPreflight preflight = new TomlPreflight();
    for (Entry entry : outline.entries()) {
      int before = preflight.findings.size();
      preflight.entry(entry);
      if (preflight.findings.size() > before) {
        dropped.add(entry.keyPath());
        for (int line = entry.line(); line <= entry.endLine(); line++) {
          lines[line - 1] = "";
        }
      }
    }
    return new Result(List.copyOf(preflight.findings), dropped, String.join("\n", lines));
  }

  private void entry(Entry entry) {
    String key = String.join(".", entry.key());
    if (entry.key().size() > 1) {
      add(entry.line(), entry.keyPath(), dottedKey(entry));
    }
    if (entry.value() instanceof Missing) {
      add(
          entry.line(),
          entry.keyPath(),
          "'"
              + key
              + " =' has no value, and TOML4J would silently drop the key; write a value"
              + " after '=' or delete the line");
    } else {
      value(entry, entry.value());
    }
  }

  private void value(Entry entry, Value value) {
    if (value instanceof Scalar scalar && !scalar.kind().readable()) {
      add(scalar.line(), entry.keyPath(), scalarMessage(entry, scalar));
    } else if (value instanceof Array array) {
      array.elements().forEach(element -> value(entry, element));
      checkOneType(entry, array);
    } else if (value instanceof InlineTable table) {
      table.entries().forEach(this::entry);
    }
  }

  private void checkOneType(Entry entry, Array array) {
    Set<String> types = new LinkedHashSet<>();
    for (Value element : array.elements()) {
      if (element instanceof Scalar scalar && scalar.kind() != ScalarKind.UNKNOWN) {
        types.add(scalar.kind().typeName());
      } else if (element instanceof Array) {
        types.add("array");
      } else if (element instanceof InlineTable) {
        types.add("table");
      }
    }
    if (types.size() > 1) {
      String fix =
          types.equals(Set.of("integer", "float"))
              ? "write every number as a float (1.0, not 1)"
              : "write every element as one type";
      add(
          array.line(),
          entry.keyPath(),
          "the array "
              + abbreviate(entry.valueText())
              + " mixes "
              + Joiner.on(" and ").join(types)
              + ", which "
              + TOML_1_0
              + "; "
              + fix
              + " instead");
    }
  }

  private static String dottedKey(Entry entry) {
    List<String> key = entry.key();
    String table =
        KeyPaths.join(
            withoutIndexes(entry.tablePath()), String.join(".", key.subList(0, key.size() - 1)));
    return "the dotted key '"
        + String.join(".", key)
        + "' "
        + TOML_1_0
        + "; write ["
        + table
        + "] and under it "
        + key.get(key.size() - 1)
        + " = "
        + abbreviate(entry.valueText())
        + " instead";
  }

  private static String scalarMessage(Entry entry, Scalar scalar) {
    String text = scalar.text();
    return switch (scalar.kind()) {
      case RADIX_INTEGER ->
          text
              + " is a "
              + radixName(text)
              + " integer, which "
              + TOML_1_0
              + "; write "
              + decimal(text)
              + " instead";
      case INF_OR_NAN -> text + " " + TOML_1_0 + "; write a finite number instead";
      case LOCAL_DATE ->
          text
              + " is a local date, which "
              + TOML_1_0
              + "; write a date-time"
              + " with offset ("
              + text
              + "T00:00:00Z) or a string (\""
              + text
              + "\") instead";
      case LOCAL_TIME ->
          text
              + " is a local time, which "
              + TOML_1_0
              + "; write a string (\""
              + text
              + "\") instead";
      case LOCAL_DATE_TIME ->
          text
              + " is a date-time without offset, which "
              + TOML_1_0
              + "; write "
              + strictDateTime(text)
              + "Z instead";
      case RELAXED_DATE_TIME ->
          text + " " + TOML_1_0 + "; write " + strictDateTime(text) + " instead";
      case OPEN_STRING -> openString(entry.valueText());
      case MISREAD_ESCAPE ->
          abbreviate(entry.valueText())
              + " has an escaped backslash (\\\\) that nclab's TOML reader decodes wrongly (\\\\n"
              + " comes out as \\ and a line break); write it in single quotes, where a backslash"
              + " needs no escaping: "
              + literalForm(text);
      case UNQUOTED_WORD ->
          text
              + " is not a TOML value; if it is a string, quote it: "
              + KeyPaths.lastKey(entry.keyPath())
              + " = \""
              + text
              + "\"";
      default -> throw new AssertionError(scalar.kind());
    };
  }

  private static String openString(String written) {
    for (String quotes : List.of("\"\"\"", "'''")) {
      if (written.startsWith(quotes)) {
        return "the string "
            + abbreviate(written)
            + " has no closing "
            + quotes
            + " before the end of the file; close it";
      }
    }
    String quote = written.substring(0, 1);
    return "the string "
        + abbreviate(written)
        + " has no closing "
        + quote
        + " on its line; close"
        + " it (use "
        + quote.repeat(3)
        + " for a string over several lines)";
  }

  /** {@code 'C:\data\new'} for {@code "C:\\data\\new"}, when the string has no other escape. */
  private static String literalForm(String basicContent) {
    String unescaped = basicContent.replace("\\\\", "\\");
    boolean otherEscapes = basicContent.replace("\\\\", "").contains("\\");
    return otherEscapes || unescaped.contains("'") || unescaped.contains("\n")
        ? "'...'"
        : "'" + unescaped + "'";
  }

  private static String radixName(String text) {
    return switch (text.replaceFirst("^[+-]", "").charAt(1)) {
      case 'x' -> "hexadecimal";
      case 'o' -> "octal";
      default -> "binary";
    };
  }

  private static String decimal(String text) {
    boolean negative = text.startsWith("-");
    String digits = text.replaceFirst("^[+-]", "");
    int radix =
        switch (digits.charAt(1)) {
          case 'x' -> 16;
          case 'o' -> 8;
          default -> 2;
        };
    try {
      long value = Long.parseLong(digits.substring(2).replace("_", ""), radix);
      return Long.toString(negative ? -value : value);
    } catch (NumberFormatException e) {
      return "the number in decimal";
    }
  }

  private static String strictDateTime(String text) {
    return text.substring(0, 10) + "T" + text.substring(11).toUpperCase(Locale.ROOT);
  }

  private static String withoutIndexes(String path) {
    return path.replaceAll("\\[\\d+]", "");
  }

  /** The value as written, cut to one short line for a message. */
  private static String abbreviate(String valueText) {
    String firstLine = valueText.lines().findFirst().orElse("");
    String shown = Ascii.truncate(firstLine, 40, "...");
    return shown.length() < valueText.length() && !shown.endsWith("...") ? shown + " ..." : shown;
  }

  private void add(int line, String keyPath, String message) {
    findings.add(new Finding(line, keyPath, message));
  }
}
