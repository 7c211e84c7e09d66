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

/**
 * docs/errors.md against the messages nclab really prints. A table row that shows an example
 * message names the corpus cases that produce it in an HTML comment, {@code <!-- cases: ID ...
 * -->}, invisible on the rendered page. Each case runs in-process through {@code
 * NclabCommand.commandLine(...).execute}; it must exit 2 without a stack trace, and every example
 * in that row's cell must match one of its cases' lines in full ({@code ...} stands for any text,
 * {@code x.toml} for any config file). Every file of configs/broken/ and every kind of {@link
 * MalformedTomlCorpusTest} must be a case of some row, and every case a row names must exist.
 */
class ErrorsDocTest {
  private static final Path DOC = Path.of("../../docs/errors.md");
  private static final Path BROKEN = Path.of("src/test/resources/configs/broken");
  private static final Pattern CASES = Pattern.compile("<!-- cases: ([^>]*?) -->");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
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
    return c;
  }

  /** A row of the doc: its line number, the example messages in its cell, and its case ids. */
  private record Row(int line, List<String> examples, List<String> cases) {}

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
                        Pattern pattern = pattern(example);
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

  private static List<Row> rows() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher cases = CASES.matcher(line);
      if (!line.startsWith("|") || !cases.find()) {
        continue;
      }
      int cellStart = line.lastIndexOf('|', cases.start()) + 1;
      int cellEnd = line.indexOf('|', cases.end());
      String cell = line.substring(cellStart, cellEnd < 0 ? line.length() : cellEnd);
      List<String> examples = new ArrayList<>();
      Matcher code = CODE.matcher(cell);
      while (code.find()) {
        examples.add(code.group(1));
      }
      assertFalse(examples.isEmpty(), "errors.md:" + (i + 1) + " names cases but shows no message");
      rows.add(new Row(i + 1, examples, List.of(cases.group(1).trim().split("\\s+"))));
    }
    assertTrue(rows.size() > 10, "errors.md has rows with <!-- cases: ... -->");
    return rows;
  }

  /** {@code ...} is any text, {@code x.toml} any config file; the rest is literal. */
  static Pattern pattern(String example) {
    String text = example.startsWith("error: ") ? example.substring("error: ".length()) : example;
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
