package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;

/**
 * {@code nclab plugins verify} and {@code install} on each kind of broken plugin jar a third party
 * might hand over, through the launcher: one REFUSED line that names the problem, exit code 2, no
 * stack trace, nothing installed; and the same jars dropped into {@code plugins/} by hand leave the
 * good plugins working.
 */
class BrokenPluginsIT {
  private static final String ANY_NCLAB_0_1 = ">=0.1.0 & <0.2.0";

  /**
   * A broken jar, the check that refuses it, what that line must say, and its case in
   * docs/errors.md.
   */
  private record Broken(Path jar, String check, String fragment, String docCase) {}

  @TempDir Path work;
  private Launcher installation;
  private List<Broken> broken;

  @BeforeEach
  void buildTheBrokenJars() throws IOException {
    installation = Installation.copyOf(Launcher.ofBuiltDistribution(), work.resolve("nclab"));
    Path jars = Files.createDirectories(work.resolve("jars"));
    broken =
        List.of(
            new Broken(
                PluginJars.withoutManifest(
                    PluginJars.regularizerJar(jars, "no-manifest", "bare-reg", "")),
                "jar",
                "it has no META-INF/MANIFEST.MF",
                "plugin/no-manifest"),
            new Broken(
                PluginJars.build(
                    jars,
                    "bundles-tensorflow",
                    ANY_NCLAB_0_1,
                    Map.of(),
                    List.of(),
                    Map.of("org/tensorflow/Tensor.class", new byte[] {(byte) 0xCA, (byte) 0xFE})),
                "jar",
                "it bundles org/tensorflow/Tensor.class from package org.tensorflow",
                "plugin/bundles-host-package"),
            new Broken(
                PluginJars.build(jars, "wrong-requires", ">=9.0.0", Map.of(), List.of(), Map.of()),
                "jar",
                "it requires nclab >=9.0.0 (Plugin-Requires) but this nclab is 0.1.0",
                "plugin/requires-other-nclab"),
            new Broken(
                PluginJars.regularizerJar(jars, "shadows-core", "cross-entropy", ""),
                "extensions",
                "its regularizer 'cross-entropy' (class org.example.shadowscore.Reg) is also"
                    + " provided by nclab's core",
                "plugin/shadows-core"),
            new Broken(
                PluginJars.build(
                    jars,
                    "shadows-bundled",
                    ANY_NCLAB_0_1,
                    Map.of(
                        "org.example.shadowsbundled.Data",
                        PluginJars.dataset("org.example.shadowsbundled.Data", "synthetic")),
                    List.of("org.example.shadowsbundled.Data"),
                    Map.of()),
                "installed",
                "its dataset 'synthetic' (class org.example.shadowsbundled.Data) is also provided"
                    + " by installed plugin 'datasets'",
                "plugin/shadows-installed"),
            new Broken(
                PluginJars.regularizerJar(
                    jars,
                    "throwing-constructor",
                    "boom-reg",
                    "throw new IllegalStateException(\"no licence key in BOOM_KEY\");"),
                "extensions",
                "its constructor threw IllegalStateException: no licence key in BOOM_KEY",
                "plugin/constructor-throws"),
            // What verify refused but drop-in loading used to accept: one checker now serves both.
            new Broken(
                PluginJars.build(
                    jars, "no-extensions", ANY_NCLAB_0_1, Map.of(), List.of(), Map.of()),
                "extensions",
                "it provides no extension",
                "plugin/no-extensions"),
            new Broken(
                PluginJars.build(
                    jars,
                    "no-requires",
                    "",
                    Map.of(
                        "org.example.norequires.Reg",
                        PluginJars.regularizer("org.example.norequires.Reg", "norequires-reg", "")),
                    List.of("org.example.norequires.Reg"),
                    Map.of()),
                "jar",
                "its manifest has no Plugin-Requires",
                "plugin/no-requires"),
            new Broken(
                regularizerWithOptions(
                    jars, "options-throw", "throw new IllegalStateException(\"not today\");"),
                "options",
                "threw from summary() or options() (IllegalStateException: not today)",
                "plugin/options-throw"),
            new Broken(
                regularizerWithOptions(
                    jars,
                    "empty-doc",
                    "return List.of(org.nclab.api.options.OptionSpec.number(\"radius\", \" \"));"),
                "options",
                "declares option 'radius' with an empty doc",
                "plugin/empty-option-doc"),
            new Broken(
                regularizerWithOptions(
                    jars,
                    "weight-option",
                    "return List.of(org.nclab.api.options.OptionSpec.number(\"weight\", \"a"
                        + " weight\"));"),
                "options",
                "declares option 'weight', but nclab reads",
                "plugin/reserved-option-name"),
            new Broken(
                notAZip(jars), "jar", "it is not a readable zip archive", "plugin/not-a-zip"));
  }

  /**
   * A file named like a jar that is not a zip archive: a download that stopped at an error page.
   */
  private static Path notAZip(Path jars) throws IOException {
    return Files.writeString(jars.resolve("not-a-zip.jar"), "<html>502 Bad Gateway</html>\n");
  }

  private static Path regularizerWithOptions(Path jars, String pluginId, String optionsBody)
      throws IOException {
    String className = "org.example." + pluginId.replace("-", "") + ".Reg";
    String source =
        PluginJars.regularizer(className, pluginId + "-reg", "")
            .replace(
                "  public String id()",
                "  public List<org.nclab.api.options.OptionSpec> options() { "
                    + optionsBody
                    + " }\n  public String id()");
    return PluginJars.build(
        jars, pluginId, ANY_NCLAB_0_1, Map.of(className, source), List.of(className), Map.of());
  }

  /**
   * A jar dropped in by hand that offers the bundled datasets plugin's 'synthetic' under a file
   * name that sorts before the bundled jar's: the bundled plugin has been in the folder longer, so
   * it keeps the id whatever the names, and the newcomer is refused.
   */
  @Test
  void aDroppedInJarCannotTakeABundledIdBySortingFirst() throws Exception {
    Path jars = Files.createDirectories(work.resolve("jars-clash"));
    Path jar =
        PluginJars.build(
            jars,
            "a-shadows-bundled",
            ANY_NCLAB_0_1,
            Map.of(
                "org.example.ashadows.Data",
                PluginJars.dataset("org.example.ashadows.Data", "synthetic")),
            List.of("org.example.ashadows.Data"),
            Map.of());
    Path plugins = installation.home().resolve("plugins");
    Path dropped = Files.copy(jar, plugins.resolve(jar.getFileName()));
    assertTrue(
        dropped.getFileName().toString().compareTo("nclab-plugin-datasets-0.1.0.jar") < 0,
        "sorts first");
    var result = installation.run(work, "plugins");
    assertEquals(0, result.exitCode(), result.all());
    List<String> warnings =
        result.err().lines().filter(l -> l.contains("a-shadows-bundled.jar")).toList();
    assertEquals(1, warnings.size(), result.all());
    assertTrue(
        warnings
            .get(0)
            .contains("which keeps it because its jar has been in the plugins folder longer"),
        warnings.get(0));
    ErrorsDoc.assertShown("plugin/id-taken-by-an-older-jar", result.exitCode(), result.err());
    assertTrue(
        result.out().lines().anyMatch(l -> l.matches("\\s+synthetic\\s+datasets\\s.*")),
        result.out());

    // Exactly as old as the bundled jar: neither keeps the id, so names decide nothing.
    Files.setLastModifiedTime(
        dropped, Files.getLastModifiedTime(plugins.resolve("nclab-plugin-datasets-0.1.0.jar")));
    var tied = installation.run(work, "plugins");
    assertEquals(0, tied.exitCode(), tied.all());
    assertTrue(
        tied.err().contains("whose jar is exactly as old, so neither is loaded"), tied.all());
    ErrorsDoc.assertShown("plugin/id-clash-same-age", tied.exitCode(), tied.err());
    assertFalse(
        tied.out().lines().anyMatch(l -> l.matches("\\s+synthetic\\s+.*")),
        "no one provides it:\n" + tied.out());
  }

  @Test
  void verifyAndInstall_refuseEachBrokenJarInOneLine() throws Exception {
    List<String> pluginsBefore = Installation.plugins(installation);
    for (Broken jar : broken) {
      for (String command : List.of("verify", "install")) {
        var result = installation.run(work, "plugins", command, jar.jar().toString());
        String what =
            "nclab plugins " + command + " " + jar.jar().getFileName() + ":\n" + result.all();
        assertEquals(2, result.exitCode(), what);
        assertNoStackTrace(result.all(), what);
        List<String> refused =
            result.out().lines().filter(line -> line.contains("REFUSED:")).toList();
        assertEquals(1, refused.size(), what);
        assertTrue(
            refused.get(0).startsWith(String.format("  %-11s REFUSED: ", jar.check())), what);
        assertTrue(refused.get(0).contains(jar.fragment()), what);
        if (command.equals("verify")) {
          ErrorsDoc.assertShown(jar.docCase(), result.exitCode(), result.out());
        }
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("verdict: REFUSED; "), what);
      }
    }
    assertEquals(pluginsBefore, Installation.plugins(installation), "nothing was installed");

    var plugins = installation.run(work, "plugins");
    assertEquals(0, plugins.exitCode(), plugins.all());
    assertTrue(plugins.out().contains("datasets 0.1.0"), plugins.out());
    assertEquals("", plugins.err(), "no warnings: no broken jar got in");
  }

  @Test
  void brokenJarsDroppedInByHand_getAWarningEach_andTheGoodPluginsWork() throws Exception {
    for (Broken jar : broken) {
      if (!jar.check().equals("installed")) { // that one is only broken beside the bundled plugin
        Files.copy(
            jar.jar(), installation.home().resolve("plugins").resolve(jar.jar().getFileName()));
      }
    }
    var result = installation.run(work, "plugins");
    assertEquals(0, result.exitCode(), result.all());
    assertNoStackTrace(result.all(), result.all());
    for (Broken jar : broken) {
      if (!jar.check().equals("installed")) {
        List<String> warnings =
            result
                .err()
                .lines()
                .filter(line -> line.contains(jar.jar().getFileName().toString()))
                .toList();
        assertEquals(1, warnings.size(), result.err());
        assertTrue(warnings.get(0).startsWith("warning: plugin "), warnings.get(0));
        assertTrue(warnings.get(0).contains(jar.fragment()), warnings.get(0));
      }
    }
    for (String id : List.of("datasets 0.1.0", "idx", "synthetic", "cross-entropy", "cnn")) {
      assertTrue(result.out().contains(id), id + " missing from:\n" + result.out());
    }
  }

  /** Exception names may appear in a reason ("its constructor threw IllegalStateException"). */
  private static void assertNoStackTrace(String output, String message) {
    for (String trace : List.of("\tat ", "Caused by: ", "Exception in thread")) {
      assertFalse(output.contains(trace), message);
    }
  }
}
