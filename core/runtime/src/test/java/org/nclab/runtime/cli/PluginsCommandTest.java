package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.plugins.TestPluginFolders;

/** {@code nclab plugins} and its subcommands, run in-process as the launcher runs them. */
class PluginsCommandTest {

  @TempDir Path temp;
  private TestPluginFolders folders;
  private String pluginsDir;

  @BeforeEach
  void folders() {
    folders = new TestPluginFolders(temp);
    pluginsDir = folders.plugins().toString();
  }

  @Test
  void bareCommandAndList_printTheSameListing() {
    folders.install(folders.goodRegularizerJar("ring.jar", "ring", "ring-loss"));
    Run bare = run("--plugins", pluginsDir, "plugins");
    Run list = run("--plugins", pluginsDir, "plugins", "list");
    assertEquals(0, bare.exitCode(), bare.all());
    assertEquals(bare.out(), list.out());
    assertTrue(bare.out().contains("  ring 1.0.0  "), bare.out());
    assertTrue(bare.out().contains("ring-loss"), bare.out());
  }

  @Test
  void verify_goodJar_printsOneOkLinePerCheckAndExitsZero() {
    Path jar = folders.goodRegularizerJar("ring.jar", "ring", "ring-loss");
    Run result = run("plugins", "verify", jar.toString(), "--plugins", pluginsDir);
    assertEquals(0, result.exitCode(), result.all());
    List<String> lines = result.out().lines().toList();
    assertEquals("verifying " + jar + " for nclab 0.1.0, against " + pluginsDir, lines.get(0));
    assertTrue(lines.get(1).startsWith("  jar         OK: Plugin-Id 'ring'"), lines.get(1));
    assertTrue(lines.get(2).startsWith("  extensions  OK: regularizer 'ring-loss'"), lines.get(2));
    assertTrue(
        lines.get(3).startsWith("  options     OK: regularizer 'ring-loss': radius"), lines.get(3));
    assertTrue(lines.get(4).startsWith("  installed   OK: no id clash"), lines.get(4));
    assertEquals(
        "verdict: OK, ring 1.0.0 can be installed: nclab plugins install " + jar, lines.get(5));
    assertEquals(6, lines.size(), result.out());
    assertEquals("", result.err());
  }

  @Test
  void verify_withoutAPluginsFolder_checksAgainstTheBuiltInsAndSaysSo() {
    Path jar = folders.goodRegularizerJar("ring.jar", "ring", "ring-loss");
    Run result = run("plugins", "verify", jar.toString());
    assertEquals(0, result.exitCode(), result.all());
    List<String> lines = result.out().lines().toList();
    assertTrue(
        lines
            .get(0)
            .endsWith("and its built-ins (no plugins folder known; name one with --plugins)"),
        lines.get(0));
    assertEquals(5, lines.size(), "no 'installed' check:\n" + result.out());
  }

  @Test
  void verify_brokenJar_printsOneRefusedLineAndExitsTwo() {
    Path jar = folders.jarWithoutManifest("bare.jar", "bare", "bare-reg");
    Run result = run("--plugins", pluginsDir, "plugins", "verify", jar.toString());
    assertEquals(NclabCommand.EXIT_USER_ERROR, result.exitCode(), result.all());
    List<String> refused = result.out().lines().filter(l -> l.contains("REFUSED")).toList();
    assertEquals(2, refused.size(), result.out()); // the check, and the verdict
    assertTrue(
        refused.get(0).startsWith("  jar         REFUSED: it has no META-INF/MANIFEST.MF"),
        refused.get(0));
    assertTrue(
        refused.get(1).startsWith("verdict: REFUSED; fix what the REFUSED line says"),
        refused.get(1));
    assertFalse(result.all().contains("Exception"), result.all());
  }

  @Test
  void verify_missingFile_isOneErrorLine() {
    Run result = run("plugins", "verify", temp.resolve("nope.jar").toString());
    assertEquals(NclabCommand.EXIT_USER_ERROR, result.exitCode(), result.all());
    assertTrue(result.err().startsWith("error: no plugin jar there ("), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
  }

  @Test
  void install_copiesIn_refusesASecondCopy_andReplacesItWithForce() {
    Path jar = folders.goodRegularizerJar("ring.jar", "ring", "ring-loss");

    Run first = run("--plugins", pluginsDir, "plugins", "install", jar.toString());
    assertEquals(0, first.exitCode(), first.all());
    assertTrue(
        first
            .out()
            .contains("  install     OK: copied to " + folders.plugins().resolve("ring.jar")),
        first.out());
    assertTrue(
        first.out().endsWith("verdict: OK, ring 1.0.0 is installed; 'nclab plugins' lists it\n"),
        first.out());
    assertEquals(List.of("ring.jar"), folders.pluginsFolderContents());

    Run again = run("--plugins", pluginsDir, "plugins", "install", jar.toString());
    assertEquals(NclabCommand.EXIT_USER_ERROR, again.exitCode(), again.all());
    assertTrue(
        again.out().contains("install     REFUSED: plugin 'ring' is installed already"),
        again.out());
    assertTrue(again.out().endsWith("verdict: REFUSED; nothing was installed\n"), again.out());

    Run forced = run("--plugins", pluginsDir, "plugins", "install", "--force", jar.toString());
    assertEquals(0, forced.exitCode(), forced.all());
  }

  @Test
  void install_withoutAPluginsFolder_saysHowToNameOne() {
    Path jar = folders.goodRegularizerJar("ring.jar", "ring", "ring-loss");
    Run result = run("plugins", "install", jar.toString());
    assertEquals(NclabCommand.EXIT_USER_ERROR, result.exitCode(), result.all());
    assertTrue(result.err().contains("pass one with --plugins DIR"), result.err());
  }

  // ---- helpers ----

  private record Run(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** Runs nclab without {@code nclab.home}, so only {@code --plugins} names a plugins folder. */
  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String home = System.clearProperty(NclabCommand.HOME_PROPERTY);
    try {
      int exitCode = NclabCommand.commandLine(printStream(out), printStream(err)).execute(args);
      return new Run(
          exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      if (home != null) {
        System.setProperty(NclabCommand.HOME_PROPERTY, home);
      }
    }
  }

  private static PrintStream printStream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
