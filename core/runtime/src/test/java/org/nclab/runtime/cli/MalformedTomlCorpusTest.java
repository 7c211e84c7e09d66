package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of malformed TOML, every kind of malformed number, escape, key, table and
 * date, digits outside ASCII, deep nesting and huge files, each put on line 7 of an otherwise valid
 * config and run through {@code nclab validate} in-process (the launcher's own entry point): exit
 * 2, one {@code error:} line naming {@code FILE:7}, no stack trace, no internal error. Among them,
 * the content of the eight toml-test files issue 22 names (arabic-zero, bad-uni-esc).
 */
class MalformedTomlCorpusTest {
  private static final int BAD_LINE = 7;

  @TempDir static Path temp;

  /** Name to the text of line 7 (it may span more lines, but starts there). */
  static Map<String, String> corpus() {
    Map<String, String> c = new LinkedHashMap<>();
    // numbers
    c.put("int-too-big", "batch_size = 99999999999999999999999");
    c.put("int-too-small", "batch_size = -99999999999999999999");
    c.put("int-double-underscore", "batch_size = 1__28");
    c.put("int-trailing-underscore", "batch_size = 128_");
    c.put("int-leading-zero", "batch_size = 0128");
    c.put("int-plus-only", "batch_size = +");
    c.put("float-no-fraction", "learning_rate = 1.");
    c.put("float-no-integer", "learning_rate = .1");
    c.put("float-bare-exponent", "learning_rate = 1e");
    c.put("float-dot-exponent", "learning_rate = 1.e5");
    c.put("float-double-dot", "learning_rate = 1.2.3");
    c.put("float-huge-exponent", "learning_rate = 1e99999");
    c.put("number-with-letters", "batch_size = 12ab");
    // toml-test float/arabic-zero-01, -03; integer/arabic-zero-03, -04 (equivalents)
    c.put("arabic-zero-float-01", "learning_rate = \u0660.\u0660");
    c.put("arabic-zero-float-03", "learning_rate = 0.\u0660");
    c.put("arabic-zero-int-03", "batch_size = \u0660");
    c.put("arabic-zero-int-04", "batch_size = 1\u0660");
    c.put("devanagari-digits", "batch_size = \u0967\u0968\u096e");
    c.put("fullwidth-digits", "batch_size = \uff11\uff12\uff18");
    // escapes; toml-test string/bad-uni-esc-05, -07 and bad-uni-esc-ml-05, -07 (equivalents)
    c.put("bad-uni-esc-05", "note = \"\\u00ZZ\"");
    c.put("bad-uni-esc-07", "note = \"\\u+123\"");
    c.put("bad-uni-esc-ml-05", "note = \"\"\"\\u00ZZ\"\"\"");
    c.put("bad-uni-esc-ml-07", "note = \"\"\"\\u+123\"\"\"");
    c.put("uni-esc-short", "note = \"\\u12\"");
    c.put("uni-esc-surrogate", "note = \"\\uD800\"");
    c.put("uni-esc-beyond-unicode", "note = \"\\U00110000\"");
    c.put("bad-escape-q", "note = \"\\q\"");
    c.put("bad-escape-x", "note = \"\\x41\"");
    c.put("control-char-in-string", "note = \"a\u0001b\"");
    c.put("nul-in-string", "note = \"a\u0000b\"");
    c.put("control-char-in-comment", "# a\u0007b");
    c.put("unterminated-string", "note = \"abc");
    c.put("unterminated-ml-string", "note = \"\"\"abc");
    c.put("unterminated-literal", "note = 'abc");
    // keys
    c.put("key-missing", "= 1");
    c.put("key-with-space", "batch size = 1");
    c.put("key-trailing-dot", "batch. = 1");
    c.put("key-unterminated-quote", "\"batch = 1");
    c.put("key-no-value", "batch_size =");
    c.put("key-two-equals", "batch_size = 1 = 2");
    c.put("not-toml", "this is = = not toml [");
    c.put("key-non-ascii", "gr\u00f6\u00dfe = 1");
    c.put("key-duplicate", "epochs = 3");
    // tables
    c.put("table-unclosed", "[run");
    c.put("table-empty-name", "[]");
    c.put("table-extra-bracket", "[run]]");
    c.put("table-array-unclosed", "[[regularizer]");
    c.put("table-trailing-dot", "[run.]");
    c.put("table-duplicate", "[train]");
    c.put("table-trailing-text", "[run] name = 1");
    // dates
    c.put("date-month-13", "started = 1979-13-27T07:32:00Z");
    c.put("date-hour-25", "started = 1979-05-27T25:32:00Z");
    c.put("date-no-seconds", "started = 1979-05-27T07:32Z");
    c.put("date-short-month", "started = 1979-5-27T07:32:00Z");
    c.put("date-bad-offset", "started = 1979-05-27T07:32:00+25:00");
    c.put("date-local", "started = 1979-05-27T07:32:00");
    c.put("date-only-local", "started = 1979-05-27");
    // nesting and size
    c.put("nested-2000", "widths = " + "[".repeat(2000) + "]".repeat(2000));
    c.put("nested-33", "widths = " + "[".repeat(33) + "1" + "]".repeat(33));
    c.put("inline-nested-2000", "x = " + "{a = ".repeat(2000) + "1" + "}".repeat(2000));
    c.put("array-300000", "widths = [" + "1,".repeat(300_000) + "1]");
    c.put("string-100k", "note = \"" + "x".repeat(100_000) + "\"");
    c.put("arrays-mixed", "widths = [1, \"a\"]");
    c.put("array-unclosed", "widths = [1, 2");
    return c;
  }

  @TestFactory
  Stream<DynamicTest> everyMalformedConfigExits2WithOneLineAtItsLine() {
    return corpus().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(), () -> assertRefusedAt(e.getKey(), e.getValue())));
  }

  @TestFactory
  Stream<DynamicTest> filesBeyondTheSizeLimit_andDevZero_exit2() {
    return Stream.of(
        DynamicTest.dynamicTest(
            "file-2MB",
            () -> {
              Path file = temp.resolve("file-2MB.toml");
              Files.writeString(
                  file,
                  config("# a config followed by 2 MB of comments")
                      + ("# " + "y".repeat(98) + "\n").repeat(21_000));
              Run run = validate(file.toString());
              assertOneLineError(run, file.toString());
              assertTrue(run.err().contains("longer than 1048576 characters"), run.err());
            }),
        DynamicTest.dynamicTest(
            "dev-zero",
            () -> {
              Run run = validate("/dev/zero");
              assertOneLineError(run, "/dev/zero");
            }));
  }

  /** What some lines must say, beyond naming the place. */
  private static final Map<String, String> WORDING =
      Map.of(
          "not-toml",
              "'this is' is not a key: a bare key is letters, digits, _ and - without spaces",
          "table-unclosed", "the table header [run is not closed; write [run]",
          "int-leading-zero",
              "0128 has a leading zero, which TOML does not allow in an integer; write 128",
          "arabic-zero-int-03", "is a digit outside ASCII",
          "nested-2000", "nested more than 32 deep",
          "array-300000", "more than 100000 elements",
          "string-100k", "a string longer than 65536 characters",
          "int-too-big", "out of the range of a 64-bit integer",
          "bad-uni-esc-05", "\\u00ZZ is not an escape",
          "array-unclosed", "is not closed before the table header on line 8");

  private static void assertRefusedAt(String name, String badLine) throws IOException {
    Path file = temp.resolve(name + ".toml");
    Files.writeString(file, config(badLine));
    Run run = validate(file.toString());
    assertOneLineError(run, file + ":" + BAD_LINE + ":");
    if (WORDING.containsKey(name)) {
      assertTrue(run.err().contains(WORDING.get(name)), name + ": " + run.err());
    }
  }

  private static void assertOneLineError(Run run, String where) {
    String what = run.err().length() > 2000 ? run.err().substring(0, 2000) : run.err();
    assertEquals(2, run.exitCode(), what);
    // Other lines may follow (the corpus runs without plugins, so dataset 'synthetic' is unknown).
    List<String> here = run.err().lines().filter(l -> l.contains(where)).toList();
    assertEquals(1, here.size(), "expected one line naming " + where + " in: " + what);
    assertTrue(here.get(0).length() < 400, "one short line: " + what);
    assertFalse(
        here.get(0).contains("has no option"), "read as a valid key, not as malformed: " + what);
    for (String trace : List.of("\tat ", "Caused by", "internal error", "Exception in thread")) {
      assertFalse(run.err().contains(trace), what);
    }
  }

  /** A valid config with {@code badLine} as line 7, inside [train]. */
  static String config(String badLine) {
    return String.join(
        "\n",
        "[run]", // 1
        "name = \"corpus\"", // 2
        "[dataset]", // 3
        "id = \"synthetic\"", // 4
        "[train]", // 5
        "epochs = 1", // 6
        badLine, // 7
        "[model]",
        "id = \"mlp\"",
        "");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run validate(String file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String home = System.clearProperty(NclabCommand.HOME_PROPERTY);
    try {
      int exitCode = NclabCommand.commandLine(print(out), print(err)).execute("validate", file);
      return new Run(
          exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      if (home != null) {
        System.setProperty(NclabCommand.HOME_PROPERTY, home);
      }
    }
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  static List<String> names() {
    return new ArrayList<>(corpus().keySet());
  }
}
