package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of docs/errors.md, and whether a line nclab printed is one of a row's examples. Shared
 * by {@link ErrorsDocTest}, which runs the in-process cases a row names ({@code <!-- cases: ID ...
 * -->}), and by the launcher tests that produce the costly cases at the point where they already
 * check the message ({@code <!-- checked-by: SomeIT ID ... -->}): those call {@link #assertShown}
 * with the case's id, so that the page cannot drift from what nclab prints. A table's message
 * column is the one whose header says "message"; a row showing one must name who checks it.
 */
public final class ErrorsDoc {
  private static final Pattern CASES = Pattern.compile("<!-- cases: ([^>]*?) -->");
  private static final Pattern CHECKED_BY = Pattern.compile("<!-- checked-by: (\\w+) ([^>]*?) -->");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final List<String> TRACES =
      List.of("\tat ", "Caused by: ", "internal error", "Exception in thread");

  private ErrorsDoc() {}

  /**
   * A row of a table with a message column: its line number, the examples in that column, the cases
   * it names and the test class that checks them ({@code null} for in-process cases).
   */
  public record Row(
      int line, String text, List<String> examples, List<String> cases, String checkedBy) {
    /**
     * The example case {@code id} must print: its own when each case has one, else the only one.
     */
    public String exampleOf(String id) {
      int at = cases.indexOf(id);
      return examples.size() == 1 || at >= examples.size() ? examples.get(0) : examples.get(at);
    }
  }

  /** docs/errors.md, found from the module a test runs in. */
  public static Path doc() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path doc = dir.resolve("docs/errors.md");
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    throw new AssertionError("no docs/errors.md above " + Path.of("").toAbsolutePath());
  }

  /** Every row of a table whose header has a column named "... message ...". */
  public static List<Row> rows() {
    List<String> lines;
    try {
      lines = Files.readAllLines(doc());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    int messageColumn = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("|")) {
        messageColumn = -1;
        continue;
      }
      List<String> cells = cells(line);
      if (i + 1 < lines.size() && lines.get(i + 1).startsWith("|---")) {
        messageColumn = -1;
        for (int c = 0; c < cells.size(); c++) {
          if (cells.get(c).toLowerCase(Locale.ROOT).contains("message")) {
            messageColumn = c;
          }
        }
        continue;
      }
      if (line.startsWith("|---") || messageColumn < 0 || messageColumn >= cells.size()) {
        continue;
      }
      List<String> examples = new ArrayList<>();
      Matcher code = CODE.matcher(COMMENT.matcher(cells.get(messageColumn)).replaceAll(""));
      while (code.find()) {
        examples.add(code.group(1));
      }
      List<String> cases = new ArrayList<>();
      String checkedBy = null;
      Matcher in = CASES.matcher(line);
      if (in.find()) {
        cases.addAll(List.of(in.group(1).trim().split("\\s+")));
      }
      Matcher by = CHECKED_BY.matcher(line);
      if (by.find()) {
        checkedBy = by.group(1);
        cases.addAll(List.of(by.group(2).trim().split("\\s+")));
      }
      rows.add(new Row(i + 1, line, examples, List.copyOf(cases), checkedBy));
    }
    return rows;
  }

  /** The row that names case {@code id}: exactly one must. */
  public static Row rowOf(String id) {
    List<Row> naming = rows().stream().filter(r -> r.cases().contains(id)).toList();
    assertEquals(1, naming.size(), "rows of docs/errors.md naming case " + id + ": " + naming);
    return naming.get(0);
  }

  /**
   * Checks what case {@code id} printed ({@code output}: the stream its message went to) against
   * its example in docs/errors.md: one of the lines must be the example ({@code ...} standing for
   * any text); no stack trace; an {@code error:} example exits with 2 and is the only error line.
   */
  public static void assertShown(String id, int exitCode, String output) {
    Row row = rowOf(id);
    String example = row.exampleOf(id);
    String what = "case " + id + " of docs/errors.md:" + row.line() + ":\n" + output;
    for (String trace : TRACES) {
      assertFalse(output.contains(trace), "a stack trace: " + what);
    }
    if (example.startsWith("error: ")) {
      assertEquals(2, exitCode, "exit code of " + what);
      assertEquals(
          1,
          output.lines().filter(l -> l.startsWith("error: ")).count(),
          "one error line: " + what);
    }
    assertTrue(
        output.lines().anyMatch(line -> matches(example, line)),
        "docs/errors.md:"
            + row.line()
            + " shows\n  "
            + example
            + "\nbut "
            + id
            + " printed\n"
            + output);
  }

  /**
   * Whether {@code line} is {@code example}: {@code ...} is any text, {@code x.toml} any config
   * file; runs of spaces count as one (as on the rendered page), and the line's {@code error:}
   * prefix may be left out of an example that has none.
   */
  public static boolean matches(String example, String line) {
    String printed = line.strip().replaceAll("\\s+", " ");
    if (example.startsWith("error: ") && !printed.startsWith("error: ")) {
      return false;
    }
    return pattern(example).matcher(withoutErrorPrefix(printed)).matches();
  }

  static String withoutErrorPrefix(String line) {
    return line.startsWith("error: ") ? line.substring("error: ".length()) : line;
  }

  /** {@code ...} is any text, {@code x.toml} any config file; the rest is literal. */
  static Pattern pattern(String example) {
    String text = withoutErrorPrefix(example);
    StringBuilder regex = new StringBuilder();
    Matcher special = Pattern.compile("\\.\\.\\.|…|x\\.toml").matcher(text);
    int at = 0;
    while (special.find()) {
      regex.append(Pattern.quote(text.substring(at, special.start())));
      regex.append(special.group().equals("x.toml") ? "\\S*\\.toml" : ".*");
      at = special.end();
    }
    regex.append(Pattern.quote(text.substring(at)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /**
   * The cells of a table line, without the outer pipes (a pipe inside code is a cell break too).
   */
  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return List.of(inner.split("\\|", -1));
  }
}
