package org.nclab.runtime.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.nclab.api.UserException;
import org.nclab.runtime.config.ConfigLoader;
import org.nclab.runtime.config.RunConfig;
import org.nclab.runtime.plugins.ExtensionCatalog;

/**
 * Decides where a training run goes: a new run folder, or the unfinished run of the same name
 * (resumed from its checkpoints, newest first), following the {@link ResumeMode}. A folder left
 * without any checkpoint by an earlier start (killed in its first seconds, no run.json, or failed
 * before training) is reused whatever its config, since it holds nothing to keep; rerunning a
 * finished run's command says so in one line and starts name-2.
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
    Optional<Path> unfinished = newestUnfinished(config.output(), config.name());
    Path previous = unfinished.orElse(config.output().resolve(config.name()));
    if (unfinished.isEmpty()) {
      if (mode == ResumeMode.REQUIRED || mode == ResumeMode.FORCED) {
        throw UserException.of(
            "no unfinished run named '" + config.name() + "' to resume",
            previous.toString(),
            "drop --resume to start a new run, or set run.name to the run to resume");
      }
      Path first = config.output().resolve(config.name());
      if (!Files.exists(first)) {
        Optional<RunFolder> exactly = RunFolder.createExactly(config.output(), config.name());
        if (exactly.isEmpty()) {
          return plan(config, mode, catalog); // another start took the name meanwhile: join or stop
        }
        return new RunStart(exactly.get(), List.of(), null);
      }
      RunFolder created = RunFolder.create(config.output(), config.name());
      String note =
          created.path().equals(first)
              ? null
              : "the run '"
                  + config.name()
                  + "' in "
                  + first
                  + " has finished (nclab eval "
                  + first
                  + " shows it); this is a new run in "
                  + created.path()
                  + " (set run.name to name it)";
      return new RunStart(created, List.of(), note);
    }
    List<Path> checkpoints = new ArrayList<>(new Checkpoints(previous, Integer.MAX_VALUE).list());
    Collections.reverse(checkpoints);
    Path info = previous.resolve(RunFolder.RUN_INFO);
    if (Files.isRegularFile(info)) {
      // A run.json that does not read is not a start that left nothing: say so, replace nothing.
      new RunInfoFile(info).readRecorded();
    }
    if (checkpoints.isEmpty() && mode == ResumeMode.AUTO) {
      // A start that ended before its first checkpoint (killed, or failed while starting) holds
      // nothing to keep: its folder and name are taken back rather than moving on to name-2.
      return new RunStart(
          RunFolder.reuse(previous),
          List.of(),
          "reusing "
              + previous
              + ", left without a checkpoint by an earlier start; starting there");
    }
    RunFolder folder = RunFolder.existing(previous);
    List<String> differences = differences(folder, config, catalog);
    if (!differences.isEmpty() && mode != ResumeMode.FORCED) {
      if (mode == ResumeMode.REQUIRED) {
        throw UserException.of(
            "the config differs from the unfinished run's at " + differences,
            folder.config().toString(),
            "resume with the same config, add --force to resume with this one, or set a new"
                + " run.name");
      }
      return new RunStart(
          RunFolder.create(config.output(), config.name()),
          List.of(),
          "an unfinished run '"
              + config.name()
              + "' exists with a different config ("
              + differences
              + "); starting a new run folder (use --resume --force to continue that one instead)");
    }
    String note =
        checkpoints.isEmpty()
            ? "the unfinished run in " + folder.path() + " has no checkpoint; starting it again"
            : "resuming the unfinished run in "
                + folder.path()
                + " from "
                + checkpoints.get(0).getFileName();
    return new RunStart(folder, checkpoints, note);
  }

  /**
   * The unfinished run among {@code output/name}, {@code name-2}, {@code name-3}, ... with the
   * highest suffix: where a run of this name last stopped, whichever folder it got.
   */
  private static Optional<Path> newestUnfinished(Path output, String name) {
    Optional<Path> newest = Optional.empty();
    for (int i = 1; ; i++) {
      Path candidate = output.resolve(i == 1 ? name : name + "-" + i);
      if (!Files.isDirectory(candidate)) {
        if (i > 1) {
          return newest;
        }
        continue; // the first folder may have been deleted by hand while name-2 remains
      }
      Path info = candidate.resolve(RunFolder.RUN_INFO);
      if (!Files.isRegularFile(info) && RunFolder.isBeingStarted(candidate)) {
        throw UserException.of(
            "another nclab process is starting a run in this folder",
            candidate.toString(),
            "wait for it (run the command again later to see how it ended), or set another"
                + " run.name");
      }
      if (Files.isRegularFile(info) ? !finished(info) : RunFolder.isOrphan(candidate)) {
        newest = Optional.of(candidate);
      }
    }
  }

  private static boolean finished(Path info) {
    try {
      return new RunInfoFile(info).read().status().equals("finished");
    } catch (UserException unreadable) {
      return false; // resuming it says what is wrong with it
    }
  }

  private static List<String> differences(
      RunFolder folder, RunConfig config, ExtensionCatalog catalog) {
    Optional<RunConfig> stored;
    try {
      stored = Optional.of(new ConfigLoader().load(folder.config(), List.of(), catalog));
    } catch (UserException e) {
      return List.of(
          "(its config.toml no longer loads: "
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
    // How a run is watched ([metrics]) does not change what it computes: it may differ on resume;
    // so may the replica count, since checkpoints do not depend on it (docs/scaling.md).
    return ConfigDiff.between(stored.get().resolved(), config.resolved()).stream()
        .filter(path -> !path.startsWith("metrics.") && !path.equals("run.replicas"))
        .toList();
  }
}
