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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc.Row;

/**
 * docs/errors.md against the messages nclab really prints. A table row that shows an example
 * message names the corpus cases that produce it in an HTML comment, {@code <!-- cases: ID ...
 * -->}, invisible on the rendered page. Each case runs in-process through {@code
 * NclabCommand.commandLine(...).execute}; it must exit 2 without a stack trace, and every example
 * in that row's cell must match one of its cases' lines in full ({@code ...} stands for any text,
 * {@code x.toml} for any config file). Every file of configs/broken/ and every kind of {@link
 * MalformedTomlCorpusTest} must be a case of some row, and every case a row names must exist. Rows
 * whose cases only a launcher test can produce say {@code <!-- checked-by: SomeIT ID ... -->}; that
 * test checks them with {@link ErrorsDoc#assertShown}, and no row may show a message that neither
 * kind of case checks.
 */
class ErrorsDocTest {
  private static final Path BROKEN = Path.of("src/test/resources/configs/broken");
  private static final Pattern PROBLEM_LINE =
      Pattern.compile("(error: |warning: )?(\\S*\\.toml(:\\d+)?|--set): ");
  private static final Path GOOD = Path.of("src/test/resources/configs/good/minimal.toml");

  @TempDir static Path temp;

  /** Cases that are command lines rather than files: id to the arguments of {@code nclab}. */
  private static Map<String, List<String>> commandLines() {
    String good = GOOD.toString();
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("cli/mistyped-command", List.of("descrbe"));
    c.put("cli/config-key-as-option", List.of("train", good, "--epochs", "1"));
    c.put("cli/mistyped-option", List.of("train", good, "--resum"));
    c.put("cli/missing-parameter", List.of("train"));
    c.put("set/no-equals", List.of("validate", good, "--set", "train.batch_size"));
    c.put("set/unknown-table", List.of("validate", good, "--set", "trian.epochs=3"));
    c.put("set/out-of-range", List.of("validate", good, "--set", "run.seed=99999999999999999999"));
    c.put("cli/study-file", List.of("validate", "../../configs/examples/tiny-study.toml"));
    // The old form is recognised when --checkpoint names a folder (here not a run: exit 2 after).
    c.put(
        "cli/deprecated-probe",
        List.of("probe", "--checkpoint", BROKEN.toString(), "--name", "last"));
    return c;
  }

  private record Run(int exitCode, List<String> lines, String err) {}

  private static final Map<String, Run> RUNS = new HashMap<>();

  @TestFactory
  Stream<DynamicTest> everyExampleInErrorsMdIsWhatItsCasesPrint() throws IOException {
    return rows().stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    "errors.md:" + row.line() + " " + row.cases(),
                    () -> {
                      List<String> printed = new ArrayList<>();
                      for (String id : row.cases()) {
                        Run run = run(id);
                        String what = id + ":\n" + run.err();
                        assertEquals(2, run.exitCode(), what);
                        for (String trace :
                            List.of(
                                "\tat ", "Caused by", "internal error", "Exception in thread")) {
                          assertFalse(run.err().contains(trace), what);
                        }
                        assertFalse(run.lines().isEmpty(), what);
                        if (!id.startsWith(
                            "cli/")) { // picocli's usage text comes before its error line
                          assertTrue(
                              run.err().lines().allMatch(l -> PROBLEM_LINE.matcher(l).lookingAt()),
                              "every line a problem of its own, naming its place (no message over"
                                  + " two lines): "
                                  + what);
                        }
                        printed.addAll(run.lines());
                      }
                      for (String example : row.examples()) {
                        Pattern pattern = ErrorsDoc.pattern(example);
                        assertTrue(
                            printed.stream().anyMatch(line -> pattern.matcher(line).matches()),
                            "errors.md:"
                                + row.line()
                                + " shows\n  "
                                + example
                                + "\nbut "
                                + row.cases()
                                + " print\n  "
                                + String.join("\n  ", printed));
                      }
                    }));
  }

  @Test
  void everyCorpusCaseIsDocumented_andEveryDocumentedCaseExists() throws IOException {
    TreeSet<String> documented = new TreeSet<>();
    rows().forEach(row -> documented.addAll(row.cases()));
    TreeSet<String> corpus = new TreeSet<>(commandLines().keySet());
    try (Stream<Path> files = Files.list(BROKEN)) {
      files
          .map(f -> "broken/" + f.getFileName().toString().replaceFirst("\\.toml$", ""))
          .forEach(corpus::add);
    }
    MalformedTomlCorpusTest.names().forEach(name -> corpus.add("malformed/" + name));
    TreeSet<String> undocumented = new TreeSet<>(corpus);
    undocumented.removeAll(documented);
    TreeSet<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(corpus);
    assertEquals(new TreeSet<>(), undocumented, "corpus cases no row of docs/errors.md names");
    assertEquals(new TreeSet<>(), unknown, "cases docs/errors.md names that no corpus has");
  }

  /**
   * No message on the page goes unchecked: every row that shows one names its cases, run here or by
   * the test class it names; that class calls {@link ErrorsDoc#assertShown} with each of the row's
   * case ids; and an {@code error:} or {@code warning:} line shown outside such a row (in prose, or
   * in a table without a message column) fails.
   */
  @Test
  void everyMessageOnThePageIsCheckedByATest() throws IOException {
    List<Row> rows = ErrorsDoc.rows();
    List<String> problems = new ArrayList<>();
    TreeSet<String> checkedCases = new TreeSet<>();
    for (Row row : rows) {
      String at = "errors.md:" + row.line() + ": ";
      if (row.examples().isEmpty() != row.cases().isEmpty()) {
        problems.add(
            at
                + (row.cases().isEmpty()
                    ? "shows a message no test checks"
                    : "names cases but shows no message"));
      }
      if (row.checkedBy() == null) {
        continue;
      }
      if (row.examples().size() != 1 && row.examples().size() != row.cases().size()) {
        problems.add(at + "one example for all its cases, or one for each case in order");
      }
      Path source = testSource(row.checkedBy());
      if (source == null) {
        problems.add(at + "no test class " + row.checkedBy());
        continue;
      }
      String code = Files.readString(source);
      for (String id : row.cases()) {
        if (!checkedCases.add(id)) {
          problems.add(at + "case " + id + " is named by two rows");
        }
        if (!code.contains("\"" + id + "\"") || !code.contains("ErrorsDoc.assertShown(")) {
          problems.add(
              at + row.checkedBy() + " never passes \"" + id + "\" to ErrorsDoc.assertShown");
        }
      }
    }
    List<String> shown = rows.stream().flatMap(row -> row.examples().stream()).toList();
    List<String> lines = Files.readAllLines(ErrorsDoc.doc());
    for (int i = 0; i < lines.size(); i++) {
      Matcher code = Pattern.compile("`((error|warning): [^`]+)`").matcher(lines.get(i));
      while (code.find()) {
        if (!shown.contains(code.group(1))) {
          problems.add(
              "errors.md:"
                  + (i + 1)
                  + ": `"
                  + code.group(1)
                  + "` is in no row of a message column");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /** The source of a test class of any module, by simple name. */
  private static Path testSource(String className) throws IOException {
    Path repo = ErrorsDoc.doc().getParent().getParent();
    try (Stream<Path> files = Files.walk(repo, 12)) {
      return files
          .filter(f -> f.getFileName().toString().equals(className + ".java"))
          .filter(f -> f.toString().contains("/src/test/java/"))
          .findFirst()
          .orElse(null);
    }
  }

  /** The rows whose cases run here, in-process. */
  private static List<Row> rows() {
    List<Row> rows =
        ErrorsDoc.rows().stream()
            .filter(row -> row.checkedBy() == null && !row.cases().isEmpty())
            .toList();
    assertTrue(rows.size() > 10, "errors.md has rows with <!-- cases: ... -->");
    return rows;
  }

  private static Run run(String id) throws IOException {
    Run known = RUNS.get(id);
    if (known != null) {
      return known;
    }
    List<String> args;
    if (id.startsWith("broken/")) {
      Path file = BROKEN.resolve(id.substring("broken/".length()) + ".toml");
      args = new ArrayList<>(List.of("validate", file.toString()));
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("# set: ")) {
          args.addAll(List.of("--set", line.substring("# set: ".length())));
        }
      }
    } else if (id.startsWith("malformed/")) {
      String name = id.substring("malformed/".length());
      String badLine = MalformedTomlCorpusTest.corpus().get(name);
      if (badLine == null) {
        throw new AssertionError("no malformed TOML kind " + name);
      }
      Path file = temp.resolve(name + ".toml");
      Files.writeString(file, MalformedTomlCorpusTest.config(badLine));
      args = List.of("validate", file.toString());
    } else if (commandLines().containsKey(id)) {
      args = commandLines().get(id);
    } else {
      throw new AssertionError("no case " + id);
    }
    Run run = execute(args);
    RUNS.put(id, run);
    return run;
  }

  /** nclab in-process; the lines it printed to standard error, without {@code error: }. */
  private static Run execute(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String home = System.clearProperty(NclabCommand.HOME_PROPERTY);
    try {
      int exitCode =
          NclabCommand.commandLine(print(out), print(err)).execute(args.toArray(String[]::new));
      String text = err.toString(StandardCharsets.UTF_8);
      List<String> lines =
          text.lines()
              .map(l -> l.startsWith("error: ") ? l.substring("error: ".length()) : l)
              .map(String::strip)
              .toList();
      return new Run(exitCode, lines, text);
    } finally {
      if (home != null) {
        System.setProperty(NclabCommand.HOME_PROPERTY, home);
      }
    }
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
