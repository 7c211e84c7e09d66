package org.nclab.runtime.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.nclab.api.UserException;
import org.nclab.runtime.config.CoreSections;

/**
 * The batch script of an nclab job: the {@code #SBATCH} options, then the nclab command run in the
 * background while the shell waits, so that the shell can pass signals on. Slurm signals the batch
 * shell only ({@code --signal=B:USR1@N}): the shell sends SIGUSR1 on to nclab, which finishes its
 * step, checkpoints and exits, and then the shell requeues the job, which resumes from that
 * checkpoint. On SIGTERM (preemption, {@code scancel}, {@code scontrol requeue}) the shell waits
 * for nclab to checkpoint instead of dying first, since Slurm kills what outlives the shell.
 */
public final class BatchScript {
  private BatchScript() {}

  /**
   * Writes the script, executable, replacing an older one atomically.
   *
   * @param setup shell lines that end by setting the command line with {@code set -- ...}
   */
  public static void write(
      Path file, String comment, List<String> sbatchOptions, Path workingDir, List<String> setup) {
    StringBuilder text = new StringBuilder("#!/bin/bash\n");
    comment.lines().forEach(line -> text.append("# ").append(line).append('\n'));
    for (String option : sbatchOptions) {
      text.append("#SBATCH ").append(option).append('\n');
    }
    text.append("set -u\n");
    text.append("cd ").append(quote(workingDir.toString())).append(" || exit 2\n");
    // gpus_per_task = N: every run of the job that does not set [run] replicas gets N replicas.
    String gres = "--gres=gpu:";
    sbatchOptions.stream()
        .filter(option -> option.startsWith(gres))
        .findFirst()
        .ifPresent(
            option ->
                text.append("export ")
                    .append(CoreSections.SLURM_GPUS_ENV)
                    .append('=')
                    .append(option.substring(gres.length()))
                    .append('\n'));
    setup.forEach(line -> text.append(line).append('\n'));
    text.append(
        """
        "$@" &
        child=$!
        requeue=0
        trap 'requeue=1; kill -USR1 "$child" 2>/dev/null' USR1
        trap 'kill -TERM "$child" 2>/dev/null' TERM
        while :; do
          wait "$child"
          status=$?
          kill -0 "$child" 2>/dev/null || break
        done
        if [ "$requeue" = 1 ]; then
          echo "nclab: the time limit is near: checkpointed; requeueing job $SLURM_JOB_ID"
          scontrol requeue "$SLURM_JOB_ID"
        fi
        exit "$status"
        """);
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw UserException.of(
          "cannot write the batch script: " + e.getMessage(),
          file.toString(),
          "make the folder writable (it must be on storage every node sees)");
    }
  }

  /** One shell word, single-quoted. */
  public static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** {@code set -- WORD...}, each quoted. */
  public static String setCommand(List<String> words) {
    StringBuilder line = new StringBuilder("set --");
    words.forEach(word -> line.append(' ').append(quote(word)));
    return line.toString();
  }
}
