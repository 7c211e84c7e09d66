package org.nclab.runtime.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nclab.api.UserException;

/**
 * The run and checkpoint a command measures, under the one naming scheme: a run is the positional
 * RUN, {@code --checkpoint NAME} a checkpoint folder in it. The spelling of earlier releases,
 * {@code --checkpoint RUN --name NAME}, is recognised (the value of {@code --checkpoint} is then a
 * folder) and still works, with one warning line that shows the new form.
 *
 * @param run the run folder
 * @param checkpoint a checkpoint folder name, or null for the latest
 */
record RunArgument(Path run, String checkpoint) {

  static RunArgument of(
      String command, Path run, String checkpoint, String oldName, PrintStream err) {
    boolean oldForm = run == null && checkpoint != null && Files.isDirectory(Path.of(checkpoint));
    if (oldForm) {
      err.printf(
          "warning: 'nclab %s --checkpoint RUN --name NAME' is deprecated; write 'nclab %s %s%s'%n",
          command, command, checkpoint, oldName == null ? "" : " --checkpoint " + oldName);
      return new RunArgument(Path.of(checkpoint), oldName);
    }
    if (oldName != null) {
      throw new UserException(
          "--name is the old spelling of the checkpoint; write 'nclab "
              + command
              + " "
              + (run == null ? "RUN" : run)
              + " --checkpoint "
              + oldName
              + "'");
    }
    if (run == null) {
      throw new UserException(
          "name the run folder: nclab "
              + command
              + " RUN (e.g. nclab "
              + command
              + " runs/quickstart); --checkpoint NAME picks a checkpoint in it");
    }
    return new RunArgument(run, checkpoint);
  }
}
