package org.nclab.runtime.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;

/** The lock keeps a second trainer out while a run trains and leaves nothing behind after it. */
class RunFolderLockTest {
  @TempDir Path output;

  @Test
  void theLockFileIsGoneOnceTheRunReleasesIt() throws Exception {
    RunFolder folder = RunFolder.create(output, "locked");
    try (AutoCloseable lock = folder.lock()) {
      assertTrue(Files.exists(folder.path().resolve(".lock")));
      assertThrows(UserException.class, folder::lock, "a second lock while the first is held");
    }
    assertFalse(
        Files.exists(folder.path().resolve(".lock")), "a finished run folder holds results only");
    try (AutoCloseable again = folder.lock()) {
      assertTrue(
          Files.exists(folder.path().resolve(".lock")), "the folder can be taken again (a resume)");
    }
  }
}
