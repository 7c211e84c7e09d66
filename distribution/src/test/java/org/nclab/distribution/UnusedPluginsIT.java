package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host lists plugins from their checked listings and creates only the extensions a command uses
 * (issue 22). Two jars pass their check in the child JVM and turn hostile only afterwards, in the
 * command's own JVM (a file the test creates after the check arms them): one halts, one blocks in
 * its constructor. Unused, they cannot touch {@code plugins}, {@code describe}, {@code validate} or
 * {@code train}; used, the blocking one is an exit-2 line after the 30 s creation limit, and the
 * halting one ends the JVM, which no host can prevent (docs/writing-plugins.md says so).
 */
class UnusedPluginsIT {
  @TempDir Path work;

  @Test
  void extensionsACommandDoesNotUseNeverRun_andAUsedOneThatBlocksIsAnExit2Line() throws Exception {
    Launcher nclab = Installation.copyOf(Launcher.ofBuiltDistribution(), work.resolve("nclab"));
    Path jars = Files.createDirectories(work.resolve("jars"));
    Path armed = work.resolve("armed");
    String ifArmed = "if (java.nio.file.Files.exists(java.nio.file.Path.of(\"" + armed + "\"))) ";
    Path halts =
        PluginJars.regularizerJar(
            jars, "halts-later", "halt-later", ifArmed + "Runtime.getRuntime().halt(7);");
    Path blocks =
        PluginJars.regularizerJar(
            jars,
            "blocks-later",
            "block-later",
            ifArmed
                + "{ try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } }");
    for (Path jar : List.of(halts, blocks)) {
      Files.copy(jar, nclab.home().resolve("plugins").resolve(jar.getFileName()));
    }
    var checked = nclab.run(work, "plugins");
    assertEquals(0, checked.exitCode(), checked.all());
    assertFalse(checked.err().contains("warning"), "both pass their check: " + checked.all());

    Files.writeString(armed, "");
    Path runs = work.resolve("runs");
    String smoke = Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString();
    var plugins = nclab.run(work, "plugins");
    assertEquals(0, plugins.exitCode(), plugins.all());
    for (String id : List.of("halt-later", "block-later")) {
      assertTrue(
          plugins
              .out()
              .lines()
              .anyMatch(l -> l.contains(id) && l.contains("a third party's regularizer")),
          plugins.out());
    }
    var describe = nclab.run(work, "describe", "regularizer");
    assertEquals(0, describe.exitCode(), describe.all());
    assertTrue(
        describe.out().contains("[block-later, cross-entropy, focal, halt-later,"), describe.all());
    for (String command : List.of("validate", "train")) {
      var result =
          nclab.run(
              work,
              command,
              smoke,
              "--set",
              "run.output=\"" + runs + "\"",
              "--set",
              "train.epochs=1");
      assertEquals(0, result.exitCode(), command + ":\n" + result.all());
    }

    Path blocking = work.resolve("blocking.toml");
    Files.writeString(
        blocking,
        Files.readString(Path.of(smoke))
            + "\n"
            + "[[regularizer]]\n"
            + "id = \"cross-entropy\"\n\n"
            + "[[regularizer]]\n"
            + "id = \"block-later\"\n");
    var used =
        nclab.run(work, "train", blocking.toString(), "--set", "run.output=\"" + runs + "\"");
    assertEquals(2, used.exitCode(), used.all());
    List<String> errors = used.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), used.all());
    assertTrue(
        errors
            .get(0)
            .contains(
                "regularizer 'block-later' of plugin 'blocks-later' ("
                    + nclab.home().resolve("plugins/blocks-later.jar")),
        errors.get(0));
    assertTrue(errors.get(0).contains("was not created within 30 s"), errors.get(0));
    assertFalse(used.all().contains("\tat ") || used.all().contains("internal error"), used.all());
    assertFalse(
        Files.exists(runs.resolve("blocking")),
        "refused before a run folder was made: " + used.all());

    Path halting = work.resolve("halting.toml");
    Files.writeString(
        halting,
        Files.readString(Path.of(smoke))
            + "\n"
            + "[[regularizer]]\n"
            + "id = \"cross-entropy\"\n\n"
            + "[[regularizer]]\n"
            + "id = \"halt-later\"\n");
    var ended = nclab.run(work, "validate", halting.toString());
    assertEquals(
        7,
        ended.exitCode(),
        "a used extension that halts ends the JVM; nothing can say so: " + ended.all());
  }
}
