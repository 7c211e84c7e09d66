package org.nclab.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.runtime.cli.ErrorsDoc;
import org.nclab.testkit.Prerequisites;

/**
 * A run folder that stops accepting writes mid-run (issue 22: exit 3 "please report" and run.json
 * left "running"). The folder is bind-mounted read-only over itself after the first checkpoint: as
 * root, chmod would not stop a write, a read-only mount does (EROFS), as a remounted disk would.
 */
class ReadOnlyRunFolderIT {
  private final Launcher nclab = Launcher.ofBuiltDistribution();
  @TempDir Path work;

  /** Long enough that the mount lands mid-run, short enough to resume to the end. */
  private static final int EPOCHS = 40;

  @Test
  void aRunFolderMadeReadOnlyMidRun_stopsWithOneLine_losesNothing_andReadsAsInterrupted()
      throws Exception {
    String[] command = {
      "train",
      Launcher.repo().resolve("configs/examples/synthetic-smoke.toml").toString(),
      "--set",
      "run.output=\"" + work.resolve("runs") + "\"",
      "--set",
      "train.epochs=" + EPOCHS,
      "--set",
      "checkpoint.every_steps=4"
    };
    Path run = work.resolve("runs/synthetic-smoke");
    Process training = nclab.start(work, command);
    boolean mounted = false;
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(run.resolve("checkpoints/latest"))
          && training.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(
          training.isAlive(),
          "still training after its first checkpoint: " + nclab.outputSoFar(training));
      var whileRunning =
          nclab.run(work, "export", run.toString(), "--out", work.resolve("early").toString());
      assertTrue(
          whileRunning.err().contains("the run is running, not finished"), whileRunning.all());

      mounted = sh("mount --bind '" + run + "' '" + run + "'");
      Prerequisites.require(
          mounted, "a read-only bind mount of the run folder needs root (mount --bind)");
      // Remounting read-only fails (EBUSY) while the trainer has a file of the new mount open for
      // writing (a checkpoint being written): try again between writes.
      boolean readOnly = false;
      for (int attempt = 0; attempt < 200 && !readOnly; attempt++) {
        readOnly = sh("mount -o remount,ro,bind '" + run + "'");
        if (!readOnly) {
          Thread.sleep(10);
        }
      }
      assertTrue(readOnly, "mount -o remount,ro,bind " + run);
      assertFalse(sh("touch '" + run.resolve("probe") + "'"), "the folder refuses writes now");
      Map<String, byte[]> checkpoints = contents(run.resolve("checkpoints"));

      var stopped = nclab.collect(training);
      String what = stopped.all();
      assertEquals(2, stopped.exitCode(), what);
      List<String> errors = stopped.err().lines().filter(l -> l.startsWith("error: ")).toList();
      assertEquals(1, errors.size(), what);
      assertTrue(
          errors.get(0).contains("the run folder " + run + " can no longer be written"),
          errors.get(0));
      assertTrue(
          errors
              .get(0)
              .contains(
                  "make it writable and run the same command again to resume from checkpoint"),
          errors.get(0));
      assertFalse(what.contains("\tat ") || what.contains("please report"), what);
      ErrorsDoc.assertShown("run/folder-turns-read-only", stopped.exitCode(), stopped.err());
      assertEquals(
          checkpoints.keySet(),
          contents(run.resolve("checkpoints")).keySet(),
          "no checkpoint lost");
      Map<String, byte[]> after = contents(run.resolve("checkpoints"));
      checkpoints.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
      assertTrue(
          Files.readString(run.resolve("run.json")).contains("\"running\""),
          "run.json could not be rewritten in the read-only folder");
      var export =
          nclab.run(work, "export", run.toString(), "--out", work.resolve("model").toString());
      assertEquals(2, export.exitCode(), export.all());
      assertTrue(
          export.err().contains("the run is interrupted, not finished"),
          "readers see no live lock: " + export.all());
      ErrorsDoc.assertShown("run/ended-without-updating-run-json", export.exitCode(), export.err());
    } finally {
      if (training.isAlive()) {
        training.destroyForcibly();
      }
      if (mounted) {
        sh("umount '" + run + "'");
      }
    }
    var resumed = nclab.run(work, command);
    assertEquals(0, resumed.exitCode(), resumed.all());
    assertTrue(resumed.out().contains("resum"), resumed.all());
    assertTrue(Files.readString(run.resolve("run.json")).contains("\"finished\""), resumed.all());
  }

  private static Map<String, byte[]> contents(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  private static boolean sh(String script) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor() == 0;
  }
}
