package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;

/**
 * Plugins that try to take nclab down, through the launcher: a static initialiser that calls {@code
 * System.exit(0)}, a constructor that halts the JVM, one that blocks, and a regularizer whose
 * {@code terms()} throws, returns null or an int32 term. Each gets its verdict from {@code plugins
 * verify} (exit 2, one REFUSED line) and, dropped into {@code plugins/} by hand, a warning naming
 * the jar while every other command keeps working; the run-time faults are exit-2 errors naming the
 * table, the extension and the jar, with nothing written under runs/ changed.
 */
class PluginIsolationIT {
  private static final String ANY_NCLAB_0_1 = ">=0.1.0 & <0.2.0";

  @TempDir Path work;

  /** A jar that must not load, what its refusal says, and its case in docs/errors.md. */
  private record Hostile(Path jar, String fragment, String docCase) {}

  private List<Hostile> hostileJars(Path jars) throws IOException {
    return List.of(
        // "} static { ... } {" closes the constructor, adds a static initialiser, opens an empty
        // block
        new Hostile(
            PluginJars.regularizerJar(
                jars, "exits-statically", "exit-reg", "} static { System.exit(0); } {"),
            "loading it called System.exit(0)",
            "plugin/exits"),
        new Hostile(
            PluginJars.regularizerJar(jars, "halts", "halt-reg", "Runtime.getRuntime().halt(0);"),
            "without running its shutdown hooks (Runtime.halt(0)",
            "plugin/halts"),
        new Hostile(
            PluginJars.regularizerJar(
                jars,
                "blocks",
                "block-reg",
                "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }"),
            "loading it did not finish within 8 s",
            "plugin/hangs"));
  }

  private Launcher installation() throws IOException {
    return Installation.copyOf(Launcher.ofBuiltDistribution(), work.resolve("nclab"))
        .withEnvironment("NCLAB_JAVA_OPTS", "-Dnclab.plugins.checkTimeoutSeconds=8");
  }

  @Test
  void verifyRefusesAPluginThatExitsHaltsOrHangs_andDroppedInItIsRefusedWithTheSameReason()
      throws Exception {
    Launcher nclab = installation();
    List<Hostile> hostile = hostileJars(Files.createDirectories(work.resolve("jars")));
    for (Hostile jar : hostile) {
      var verify = nclab.run(work, "plugins", "verify", jar.jar().toString());
      String what = "verify " + jar.jar().getFileName() + ":\n" + verify.all();
      assertEquals(2, verify.exitCode(), what);
      assertNoStackTrace(verify.all(), what);
      List<String> refused = verify.out().lines().filter(l -> l.contains("REFUSED:")).toList();
      assertEquals(1, refused.size(), what);
      assertTrue(refused.get(0).startsWith("  extensions  REFUSED: "), what);
      assertTrue(refused.get(0).contains(jar.fragment()), what);
      ErrorsDoc.assertShown(jar.docCase(), verify.exitCode(), verify.out());
      assertTrue(verify.out().strip().endsWith("rebuild and verify again"), what);
    }
    for (Hostile jar : hostile) {
      Files.copy(jar.jar(), nclab.home().resolve("plugins").resolve(jar.jar().getFileName()));
    }
    for (int round = 0; round < 2; round++) { // the second time from the checker's saved verdicts
      var plugins = nclab.run(work, "plugins");
      assertEquals(0, plugins.exitCode(), plugins.all());
      assertNoStackTrace(plugins.all(), plugins.all());
      for (Hostile jar : hostile) {
        List<String> warnings =
            plugins
                .err()
                .lines()
                .filter(l -> l.contains(jar.jar().getFileName().toString()))
                .toList();
        assertEquals(1, warnings.size(), plugins.err());
        assertTrue(warnings.get(0).startsWith("warning: plugin "), warnings.get(0));
        assertTrue(warnings.get(0).contains(jar.fragment()), warnings.get(0));
      }
      assertTrue(plugins.out().contains("datasets 0.1.0"), plugins.out());
      assertFalse(plugins.out().contains("exit-reg"), plugins.out());
    }
    var validate = nclab.run(work, "validate", smokeConfig().toString());
    assertEquals(0, validate.exitCode(), validate.all());
  }

  @Test
  void aRegularizerThatBreaksItsContractAtRunTime_isAnExit2ErrorNamingTableExtensionAndJar()
      throws Exception {
    Launcher nclab = installation();
    Path jars = Files.createDirectories(work.resolve("jars"));
    Map<String, String> bodies =
        Map.of(
            "throws", "throw new IllegalStateException(\"no terms today\");",
            "null", "return null;",
            "int32",
                "return List.of(new LossTerm(\"count\", (org.tensorflow.Operand)"
                    + " ctx.tf().constant(3)));");
    Map<String, String> expected =
        Map.of(
            "throws", "terms() threw java.lang.IllegalStateException: no terms today",
            "null", "terms() returned null",
            "int32", "term 'count' is a DT_INT32 tensor");
    Map<String, String> docCases =
        Map.of(
            "throws", "plugin/terms-throws",
            "null", "plugin/terms-null",
            "int32", "plugin/terms-int32");
    for (String kind : bodies.keySet()) {
      String className = "org.example.terms" + kind + ".Reg";
      Path jar =
          PluginJars.build(
              jars,
              "terms-" + kind,
              ANY_NCLAB_0_1,
              Map.of(
                  className,
                  PluginJars.regularizerWithTerms(className, "terms-" + kind, bodies.get(kind))),
              List.of(className),
              Map.of());
      var verify = nclab.run(work, "plugins", "verify", jar.toString());
      assertEquals(0, verify.exitCode(), "verify cannot see what terms() does:\n" + verify.all());
      Files.copy(jar, nclab.home().resolve("plugins").resolve(jar.getFileName()));

      Path config = work.resolve(kind + ".toml");
      Files.writeString(
          config,
          Files.readString(smokeConfig())
              + "\n[[regularizer]]\nid = \"cross-entropy\"\n\n[[regularizer]]\nid = \"terms-"
              + kind
              + "\"\n");
      Path runs = work.resolve("runs");
      for (String command : List.of("validate", "train")) {
        var result =
            nclab.run(work, command, config.toString(), "--set", "run.output=\"" + runs + "\"");
        String what = command + " with terms-" + kind + ":\n" + result.all();
        assertEquals(2, result.exitCode(), what);
        assertNoStackTrace(result.all(), what);
        List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), what);
        String error = errors.get(0);
        assertTrue(
            error.startsWith("error: regularizer[1]: Reg ('terms-" + kind + "', plugin jar "),
            what);
        assertTrue(error.contains("plugins/terms-" + kind + ".jar"), what);
        assertTrue(error.contains(expected.get(kind)), what);
        ErrorsDoc.assertShown(docCases.get(kind), result.exitCode(), result.err());
      }
    }
  }

  /** A plugin's term that is NaN stops the run with a message naming that term first. */
  @Test
  void aNonFiniteTermFromAPlugin_isNamedByTheGuard() throws Exception {
    Launcher nclab = installation();
    Path jars = Files.createDirectories(work.resolve("jars"));
    String className = "org.example.nanterm.Reg";
    Path jar =
        PluginJars.build(
            jars,
            "nan-term",
            ANY_NCLAB_0_1,
            Map.of(
                className,
                PluginJars.regularizerWithTerms(
                    className,
                    "nan-term",
                    "return List.of(new LossTerm(\"nan\", ctx.tf().constant(Float.NaN)));")),
            List.of(className),
            Map.of());
    Files.copy(jar, nclab.home().resolve("plugins").resolve(jar.getFileName()));
    Path config = work.resolve("nan.toml");
    Files.writeString(
        config,
        Files.readString(smokeConfig())
            + "\n[[regularizer]]\nid = \"cross-entropy\"\n\n[[regularizer]]\nid = \"nan-term\"\n");
    var result =
        nclab.run(
            work,
            "train",
            config.toString(),
            "--set",
            "run.output=\"" + work.resolve("runs") + "\"");
    assertEquals(2, result.exitCode(), result.all());
    assertNoStackTrace(result.all(), result.all());
    assertTrue(
        result
            .err()
            .contains(
                "non-finite at training step 1 (loss NaN; first non-finite term loss/nan = NaN)"),
        result.all());
    ErrorsDoc.assertShown("run/non-finite", result.exitCode(), result.err());
  }

  /**
   * A probe that calls System.exit(0) while the run measures it: the JVM ends with the plugin's
   * code, but the stop hook names the caller and run.json says failed, not running.
   */
  @Test
  void aPluginCallingSystemExitDuringARun_isNamed_andTheRunIsMarkedFailed() throws Exception {
    Launcher nclab = installation();
    Path jars = Files.createDirectories(work.resolve("jars"));
    String className = "org.example.exitprobe.ExitProbe";
    String source =
        """
        package org.example.exitprobe;

        import java.util.Map;
        import org.nclab.api.options.Options;
        import org.nclab.api.probe.Probe;
        import org.nclab.api.probe.ProbeInput;

        public class ExitProbe implements Probe {
          public String id() { return "exit-probe"; }
          public String summary() { return "a probe that ends the JVM"; }
          public Map<String, Double> measure(Options options, ProbeInput input) {
            System.exit(0);
            return Map.of();
          }
        }
        """;
    Path jar =
        PluginJars.build(
            jars,
            "exit-probe",
            ANY_NCLAB_0_1,
            Map.of(className, source),
            List.of(className),
            Map.of());
    Files.copy(jar, nclab.home().resolve("plugins").resolve(jar.getFileName()));
    Path config = work.resolve("exit-probe.toml");
    Files.writeString(
        config, Files.readString(smokeConfig()) + "\n[[probe]]\nid = \"exit-probe\"\n");
    Path runs = work.resolve("runs");
    var result =
        nclab.run(work, "train", config.toString(), "--set", "run.output=\"" + runs + "\"");
    assertEquals(0, result.exitCode(), "the plugin's exit code: " + result.all());
    List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), result.all());
    assertTrue(
        errors.get(0).startsWith("error: org.example.exitprobe.ExitProbe.measure(ExitProbe.java:"),
        errors.get(0));
    assertTrue(errors.get(0).contains("called System.exit during the run"), errors.get(0));
    String info = Files.readString(runs.resolve("synthetic-smoke/run.json"));
    assertTrue(info.contains("\"failed\""), info);
  }

  /** Exception names may appear in a reason; frames and causes may not. */
  private static void assertNoStackTrace(String output, String message) {
    for (String trace : List.of("\tat ", "Caused by: ", "Exception in thread", "internal error")) {
      assertFalse(output.contains(trace), message);
    }
  }

  private static Path smokeConfig() {
    return Launcher.repo().resolve("configs/examples/synthetic-smoke.toml");
  }
}
