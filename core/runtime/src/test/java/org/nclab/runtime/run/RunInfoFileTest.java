package org.nclab.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json says "running" only while a process holds the run folder's lock: a run whose process
 * ended without rewriting it (kill -9, a folder that turned read-only) reads as interrupted.
 */
class RunInfoFileTest {
  @TempDir Path output;

  private static RunInfo running() {
    return new RunInfo("r", "running", "0.1.0", "2.18.0", 1, "synthetic", "16x16x1", List.of("a", "b"), 100, 20,
        "cnn", 1000, Map.of(), "start", null, 0, Map.of(), null);
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
    assertTrue(read.error().contains("run the same command again to resume"), read.error());

    Files.writeString(folder.path().resolve(".lock"), ""); // left behind by a folder that turned read-only
    assertEquals("interrupted", file.read().status(), "a lock file nobody holds is no run");
  }

  @Test
  void finishedAndFailedRunsReadAsWritten() {
    RunFolder folder = RunFolder.create(output, "done");
    RunInfoFile file = new RunInfoFile(folder.runInfo());
    file.write(running().withStatus("finished", "end", 3, Map.of("test/accuracy", 0.5), null));
    assertEquals("finished", file.read().status());
    file.write(running().withStatus("failed", "end", 1, Map.of(), "why"));
    assertEquals("why", file.read().error());
  }
}
