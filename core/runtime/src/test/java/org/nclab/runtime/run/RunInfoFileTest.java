package org.nclab.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.testkit.Prerequisites;

/**
 * run.json says "running" only while a process holds the run folder's lock: a run whose process
 * ended without rewriting it (kill -9, a folder that turned read-only) reads as interrupted.
 */
class RunInfoFileTest {
  @TempDir Path output;

  private static RunInfo running() {
    return new RunInfo(
        new RunInfo.Identity("r", "0.1.0", "2.18.0", 1, Map.of()),
        new RunInfo.Data("synthetic", "16x16x1", List.of("a", "b"), 100, 20),
        new RunInfo.Model("cnn", 1000),
        new RunInfo.Outcome("running", "start", null, 0, Map.of(), null));
  }

  @Test
  void runningIsRunningOnlyWhileTheLockIsHeld() throws Exception {
    RunFolder folder = RunFolder.create(output, "r");
    RunInfoFile file = new RunInfoFile(folder.runInfo());
    try (AutoCloseable lock = folder.lock()) {
      file.write(running());
      assertEquals("running", file.read().status(), "its process holds the lock");
    }
    assertEquals("running", file.readRecorded().status(), "run.json itself is not rewritten");
    RunInfo read = file.read();
    assertEquals("interrupted", read.status(), "the lock was released: no process trains there");
    assertTrue(
        read.outcome().error().contains("run the same command again to resume"),
        read.outcome().error());

    Files.writeString(
        folder.path().resolve(".lock"), ""); // left behind by a folder that turned read-only
    assertEquals("interrupted", file.read().status(), "a lock file nobody holds is no run");
  }

  /**
   * A reader in the training JVM itself (the live dashboard) must not free the run's lock: closing
   * any descriptor of the lock file would drop this process's POSIX lock on it.
   */
  @Test
  void readingInTheTrainingProcessKeepsItsLock() throws Exception {
    Prerequisites.require(
        canRun("python3", "-c", "import fcntl"), "python3 takes a POSIX lock for this test");
    RunFolder folder = RunFolder.create(output, "held");
    RunInfoFile file = new RunInfoFile(folder.runInfo());
    try (AutoCloseable lock = folder.lock()) {
      file.write(running());
      for (int i = 0; i < 3; i++) {
        assertEquals("running", file.read().status());
      }
      // Another process (fcntl, like Java's) must still find the lock taken.
      assertFalse(
          canRun(
              "python3",
              "-c",
              "import fcntl, sys; f = open(sys.argv[1], 'r+');"
                  + " fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)",
              folder.path().resolve(".lock").toString()),
          "the lock is still held after reading run.json in the holding process");
    }
  }

  private static boolean canRun(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor() == 0;
  }

  @Test
  void finishedAndFailedRunsReadAsWritten() {
    RunFolder folder = RunFolder.create(output, "done");
    RunInfoFile file = new RunInfoFile(folder.runInfo());
    file.write(running().withStatus("finished", "end", 3, Map.of("test/accuracy", 0.5), null));
    assertEquals("finished", file.read().status());
    file.write(running().withStatus("failed", "end", 1, Map.of(), "why"));
    assertEquals("why", file.read().outcome().error());
  }
}
