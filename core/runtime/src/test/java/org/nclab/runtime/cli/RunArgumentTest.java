package org.nclab.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nclab.api.UserException;

/**
 * One naming scheme (RUN positional, --checkpoint NAME), and the old spelling still read with a
 * warning.
 */
class RunArgumentTest {
  @TempDir Path work;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  @Test
  void theRunIsPositionalAndCheckpointNamesACheckpoint() {
    RunArgument given = RunArgument.of("probe", Path.of("runs/x"), "epoch-0002", null, errStream);
    assertEquals(new RunArgument(Path.of("runs/x"), "epoch-0002"), given);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theOldSpellingWorksWithADeprecationLine() throws Exception {
    Path run = Files.createDirectories(work.resolve("quickstart"));
    RunArgument given = RunArgument.of("probe", null, run.toString(), "epoch-0004", errStream);
    assertEquals(new RunArgument(run, "epoch-0004"), given);
    assertEquals(
        "warning: 'nclab probe --checkpoint RUN --name NAME' is deprecated; write 'nclab probe "
            + run
            + " --checkpoint epoch-0004'\n",
        err.toString(StandardCharsets.UTF_8));
    assertNull(RunArgument.of("transfer", null, run.toString(), null, errStream).checkpoint());
  }

  @Test
  void aMissingRunOrAMixOfSpellingsIsOneClearLine() {
    UserException missing =
        assertThrows(
            UserException.class,
            () -> RunArgument.of("probe", null, "epoch-0002", null, errStream));
    assertTrue(
        missing.getMessage().startsWith("name the run folder: nclab probe RUN"),
        missing.getMessage());
    UserException mixed =
        assertThrows(
            UserException.class,
            () -> RunArgument.of("probe", Path.of("runs/x"), null, "epoch-0002", errStream));
    assertEquals(
        "--name is the old spelling of the checkpoint; write 'nclab probe runs/x --checkpoint"
            + " epoch-0002'",
        mixed.getMessage());
  }
}
