package org.nclab.runtime.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.ExtensionCatalog;

/**
 * Decides where a training run goes: a new run folder, or the unfinished run of the same name
 * (resumed from its checkpoints, newest first), following the {@link ResumeMode}.
 *
 * @param folder the run folder to use
 * @param checkpoints to restore from, newest first; empty for a fresh start
 * @param note a line to tell the user why this choice was made, or null
 */
record RunStart(RunFolder folder, List<Path> checkpoints, String note) {

  static RunStart plan(RunConfig config, ResumeMode mode, ExtensionCatalog catalog) {
    if (mode == ResumeMode.NEVER) {
      return new RunStart(RunFolder.create(config.output(), config.name()), List.of(), null);
    }
    Path previous = config.output().resolve(config.name());
    boolean unfinished =
        Files.isRegularFile(previous.resolve(RunFolder.RUN_INFO))
            && !new RunInfoFile(previous.resolve(RunFolder.RUN_INFO)).read().status().equals("finished");
    if (!unfinished) {
      if (mode == ResumeMode.REQUIRED || mode == ResumeMode.FORCED) {
        throw UserException.of(
            "no unfinished run named '" + config.name() + "' to resume",
            previous.toString(),
            "drop --resume to start a new run, or set run.name to the run to resume");
      }
      return new RunStart(RunFolder.create(config.output(), config.name()), List.of(), null);
    }
    RunFolder folder = RunFolder.existing(previous);
    List<String> differences = differences(folder, config, catalog);
    List<Path> checkpoints = new ArrayList<>(new Checkpoints(folder.path(), Integer.MAX_VALUE).list());
    java.util.Collections.reverse(checkpoints);
    if (!differences.isEmpty() && mode != ResumeMode.FORCED) {
      if (mode == ResumeMode.REQUIRED) {
        throw UserException.of(
            "the config differs from the unfinished run's at " + differences,
            folder.config().toString(),
            "resume with the same config, add --force to resume with this one, or set a new run.name");
      }
      return new RunStart(
          RunFolder.create(config.output(), config.name()),
          List.of(),
          "an unfinished run '" + config.name() + "' exists with a different config (" + differences
              + "); starting a new run folder (use --resume --force to continue that one instead)");
    }
    String note =
        checkpoints.isEmpty()
            ? "the unfinished run in " + folder.path() + " has no checkpoint; starting it again"
            : "resuming the unfinished run in " + folder.path() + " from " + checkpoints.get(0).getFileName();
    return new RunStart(folder, checkpoints, note);
  }

  private static List<String> differences(RunFolder folder, RunConfig config, ExtensionCatalog catalog) {
    Optional<RunConfig> stored;
    try {
      stored = Optional.of(new ConfigLoader().load(folder.config(), List.of(), catalog));
    } catch (UserException e) {
      return List.of("(its config.toml no longer loads: " + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    return ConfigDiff.between(stored.get().resolved(), config.resolved());
  }
}
