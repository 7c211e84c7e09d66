package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * What a user gets from the command line itself, for every command the launcher has (walked from
 * the command tree, so a new command is covered without editing this test): {@code --help} and
 * {@code --version} anywhere, and a mistyped command answered with the intended one first.
 */
class CommandLineMannersTest {

  record Outcome(int code, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = NclabCommand.commandLine(o, e).execute(args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  /** Every command path below the top: [train], [plugins], [plugins, list], ... ("help" aside). */
  private static List<List<String>> commands() {
    List<List<String>> paths = new ArrayList<>();
    collect(NclabCommand.commandLine(System.out, System.err), List.of(), paths);
    return paths;
  }

  private static void collect(CommandLine at, List<String> path, List<List<String>> paths) {
    for (Map.Entry<String, CommandLine> sub : at.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      paths.add(next);
      collect(sub.getValue(), next, paths);
    }
  }

  @TestFactory
  List<DynamicTest> helpOnEveryCommandExitsZeroWithUsageOnStdout() {
    List<DynamicTest> tests = new ArrayList<>();
    for (List<String> path : commands()) {
      for (String flag : List.of("--help", "-h")) {
        tests.add(
            DynamicTest.dynamicTest(
                String.join(" ", path) + " " + flag,
                () -> {
                  List<String> args = new ArrayList<>(path);
                  args.add(flag);
                  Outcome o = run(args.toArray(String[]::new));
                  assertEquals(0, o.code(), o.err());
                  assertTrue(o.out().startsWith("Usage: nclab " + String.join(" ", path)), o.out());
                  assertEquals("", o.err());
                }));
      }
      tests.add(
          DynamicTest.dynamicTest(
              String.join(" ", path) + " --version",
              () -> {
                List<String> args = new ArrayList<>(path);
                args.add("--version");
                Outcome o = run(args.toArray(String[]::new));
                assertEquals(0, o.code(), o.err());
                assertTrue(o.out().startsWith("nclab "), o.out());
              }));
    }
    assertTrue(tests.size() > 3 * 15, "the command tree was walked: " + commands());
    return tests;
  }

  /** Two letters swapped, the commonest typo ("trian"); one letter dropped when they are alike. */
  static String typo(String name) {
    char[] c = name.toCharArray();
    if (c.length >= 3 && c[1] != c[2]) {
      char t = c[1];
      c[1] = c[2];
      c[2] = t;
      return new String(c);
    }
    return name.charAt(0) + name.substring(2);
  }

  @TestFactory
  List<DynamicTest> aTypoOfEveryCommandSuggestsItFirst() {
    List<DynamicTest> tests = new ArrayList<>();
    for (List<String> path : commands()) {
      String intended = path.get(path.size() - 1);
      List<String> args = new ArrayList<>(path.subList(0, path.size() - 1));
      args.add(typo(intended));
      args.add(
          "train"); // a word after the typo must not be taken as the command (nclab descrbe train)
      tests.add(
          DynamicTest.dynamicTest(
              String.join(" ", args),
              () -> {
                Outcome o = run(args.toArray(String[]::new));
                assertEquals(NclabCommand.EXIT_USER_ERROR, o.code());
                assertEquals("", o.out());
                assertFalse(o.err().contains("Usage:"), "no other command's usage: " + o.err());
                String first = "did you mean: " + intended;
                assertTrue(o.err().contains(first + ",") || o.err().contains(first + "?"), o.err());
              }));
    }
    return tests;
  }

  @Test
  void theTyposFromTheIssueNameTheIntendedCommandFirst() {
    Outcome describe = run("descrbe", "train");
    assertTrue(
        describe
            .err()
            .startsWith("error: unknown command 'nclab descrbe'; did you mean: describe?"),
        describe.err());
    assertTrue(run("evel").err().contains("did you mean: eval?"), run("evel").err());
    assertTrue(run("trian").err().contains("did you mean: train"), run("trian").err());
    assertTrue(
        run("plugins", "lsit")
            .err()
            .contains("unknown command 'nclab plugins lsit'; did you mean: list?"));
  }

  @Test
  void anOptionThatIsAConfigKeyPointsToSet() {
    Outcome o = run("train", "configs/quickstart.toml", "--epochs", "1");
    assertEquals(NclabCommand.EXIT_USER_ERROR, o.code());
    String last = lastLine(o.err());
    assertEquals(
        "error: unknown option '--epochs'; config values are set with --set: --set train.epochs=1",
        last);
    assertTrue(
        o.err().startsWith("Usage: nclab train"), "the usage first, the error last: " + o.err());
    assertTrue(
        run("train", "x.toml", "--batch-size=64").err().contains("--set train.batch_size=64"));
    assertTrue(
        run("train", "--epochs", "3", "x.toml").err().contains("--set train.epochs=3"),
        "the option's value is the word after it, wherever picocli placed it");
    assertTrue(run("train", "x.toml", "--resum").err().contains("did you mean: --resume?"));
  }

  @Test
  void aMissingParameterShowsTheUsageThenTheErrorLast() {
    Outcome o = run("train");
    assertEquals(NclabCommand.EXIT_USER_ERROR, o.code());
    assertTrue(o.err().startsWith("Usage: nclab train"), o.err());
    assertTrue(
        lastLine(o.err()).startsWith("error: Missing required parameter: 'CONFIG'"), o.err());
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
