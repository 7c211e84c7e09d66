package org.nclab.runtime.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.nclab.api.UserException;

/**
 * A run's self-describing folder: {@code config.toml} (the resolved config), {@code run.json}
 * (status, versions, seed, data and model facts, final metrics), {@code metrics.jsonl} and
 * {@code checkpoints/}.
 */
public final class RunFolder {
  public static final String CONFIG = "config.toml";
  public static final String RUN_INFO = "run.json";
  public static final String METRICS = "metrics.jsonl";

  /** What a run folder's name may be: one path segment, no hidden or parent folders. */
  public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,127}");

  private final Path path;

  private RunFolder(Path path) {
    this.path = path;
  }

  /**
   * Creates {@code output/name}, or {@code name-2}, {@code name-3}, ... when taken: a new run
   * never writes into an earlier run's folder.
   */
  public static RunFolder create(Path output, String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new UserException(
          "run.name \"" + name + "\" cannot name a folder; use letters, digits, '.', '_' and '-'"
              + " (not starting with '.'), e.g. run.name = \"quickstart\"");
    }
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw UserException.of(
          "cannot create the output folder: " + e.getMessage(),
          output.toString(),
          "set run.output to a writable folder");
    }
    for (int i = 1; ; i++) {
      Path candidate = output.resolve(i == 1 ? name : name + "-" + i);
      try {
        Files.createDirectory(candidate);
        return new RunFolder(candidate);
      } catch (FileAlreadyExistsException taken) {
        // try the next suffix
      } catch (IOException e) {
        throw UserException.of(
            "cannot create the run folder: " + e.getMessage(),
            candidate.toString(),
            "check permissions and free space, or set run.output elsewhere");
      }
    }
  }

  public static RunFolder existing(Path path) {
    if (!Files.isDirectory(path) || !Files.isRegularFile(path.resolve(RUN_INFO))) {
      throw UserException.of(
          "not an nclab run folder (no " + RUN_INFO + ")",
          path.toString(),
          "pass a folder written by 'nclab train'");
    }
    return new RunFolder(path);
  }

  /**
   * Takes this folder until the returned lock is closed: a second process training into it gets a
   * clear error instead of interleaved checkpoints. The operating system also releases the lock
   * when the process ends, however it ends.
   */
  public AutoCloseable lock() {
    try {
      java.nio.channels.FileChannel channel =
          java.nio.channels.FileChannel.open(
              path.resolve(".lock"),
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        channel.close();
        throw UserException.of(
            "another nclab process is training in this run folder",
            path.toString(),
            "wait for it to finish, or set another run.name");
      }
      Path file = path.resolve(".lock");
      return () -> {
        // Removed while still held, so a finished run folder holds results only; closing the
        // channel releases the lock.
        try (channel) {
          Files.deleteIfExists(file);
        }
      };
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw UserException.of(
          "this process already trains in this run folder", path.toString(), "set another run.name");
    } catch (IOException e) {
      throw UserException.of(
          "cannot lock the run folder: " + e.getMessage(), path.toString(), "check its permissions");
    }
  }

  public Path path() {
    return path;
  }

  public Path config() {
    return path.resolve(CONFIG);
  }

  public Path runInfo() {
    return path.resolve(RUN_INFO);
  }

  public Path metrics() {
    return path.resolve(METRICS);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
