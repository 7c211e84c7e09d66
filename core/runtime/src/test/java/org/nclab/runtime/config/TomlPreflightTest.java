package org.nclab.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TomlPreflightTest {

  private static List<TomlPreflight.Finding> findings(String source) {
    return TomlPreflight.check(source).findings();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "x = 0xff               | write 255 instead",
        "x = -0o17              | write -15 instead",
        "x = 0b1010             | write 10 instead",
        "x = +inf               | write a finite number instead",
        "x = nan                | write a finite number instead",
        "x = 1979-05-27         | is a local date",
        "x = 07:32:00.5         | is a local time",
        "x = 1979-05-27T07:32:00 | write 1979-05-27T07:32:00Z instead",
        "x = 1979-05-27 07:32:00Z | write 1979-05-27T07:32:00Z instead",
        "x = 1979-05-27t07:32:00z | write 1979-05-27T07:32:00Z instead",
        "x = [1, 2.0]           | mixes integer and float",
        "x = [\"a\", 1]         | mixes string and integer",
        "x = [[1], 2]           | mixes array and integer",
        "a.b = 1                | write [a] and under it b = 1 instead",
        "x =                    | has no value",
        "x = sgd                | quote it: x = \"sgd\"",
        "x = \"open             | has no closing \" on its line",
        "x = { a.b = 1 }        | the dotted key 'a.b'",
        "x = \"C:\\\\n"
            + "ew\"       | in single quotes, where a backslash needs no escaping: 'C:\\n"
            + "ew'",
        "x = \"a\\\\\"           | an escaped backslash",
        "x = \"\"\"a\\\\tb\"\"\"       | an escaped backslash",
      })
  void flagsWhatTomlFourJCannotRead(String line, String expected) {
    List<TomlPreflight.Finding> findings = findings("# first line\n" + line + "\n");
    assertEquals(1, findings.size(), findings::toString);
    assertEquals(2, findings.get(0).line());
    assertTrue(findings.get(0).message().contains(expected), findings.get(0).message());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "x = \"0x10 inf nan 1979-05-27 07:32:00 a.b = c\"",
        "x = '0x10 = [1, 2.0]'",
        "x = 1 # y = 0x10 and z =",
        "# x =\n# a.b = 1",
        "x = \"\"\"\ny =\na.b = 0x1\n\"\"\"",
        "x = '''\ny = inf\n'''",
        "x = \"escaped \\\" quote, then = 0x1\"",
        "x = \"C:\\\\data\\\\x\\\\\\\\yes\"",
        "x = 'C:\\new\\'",
        "x = [ [1, 2], [\"a\"] ]",
        "x = [1_000, -2, +3]",
        "x = [1.5, 2e3, -0.0]",
        "x = 1979-05-27T07:32:00Z",
        "x = 1979-05-27T07:32:00.5+01:00",
        "x = true",
        "\"quoted.key\" = 1",
        "[a.b]\nc = 1",
        "[[a]]\nb = [ { c = 1 }, { c = 2 } ]",
      })
  void acceptsTomlFourJReadsAndIgnoresStringsAndComments(String source) {
    assertEquals(List.of(), findings(source));
  }

  @Test
  void blanksFlaggedStatementsButKeepsLineNumbers() {
    String source = "[train]\nlr =\nsteps = [\n  1,\n  2.0,\n]\nepochs = 3\n";
    TomlPreflight.Result result = TomlPreflight.check(source);

    assertEquals("[train]\n\n\n\n\n\nepochs = 3\n", result.readableSource());
    assertEquals(Set.of("train.lr", "train.steps"), result.droppedStatements());
    assertEquals(List.of(2, 3), result.findings().stream().map(f -> f.line()).toList());
  }

  @Test
  void findingsUnderArrayTablesCarryTheirIndex() {
    String source = "[[regularizer]]\nid = \"a\"\n[[regularizer]]\nweight = 0x1\n";
    assertEquals("regularizer[1].weight", findings(source).get(0).keyPath());
  }
}
