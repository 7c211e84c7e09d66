package org.nclab.runtime.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.nclab.api.UserException;
import org.nclab.runtime.config.RunNames;

/**
 * A run's self-describing folder: {@code config.toml} (the resolved config), {@code run.json}
 * (status, versions, seed, data and model facts, final metrics), {@code metrics.jsonl} and {@code
 * checkpoints/}.
 */
public final class RunFolder {
  public static final String CONFIG = "config.toml";
  public static final String RUN_INFO = "run.json";
  public static final String METRICS = "metrics.jsonl";

  /** One path segment, no hidden or parent folders. */
  private final Path path;

  private RunFolder(Path path) {
    this.path = path;
  }

  /**
   * Checks, writing nothing, that {@code name} can name a folder (letters, digits, '.', '_', '-',
   * at most 128, not starting with '.': no separator, control character or {@code ..}) and that
   * {@code output} is a folder this user can create runs in, or can be created.
   */
  public static void requireUsable(Path output, String name) {
    Optional<String> badName = RunNames.problem(name);
    if (badName.isPresent()) {
      throw new UserException("run.name " + badName.get());
    }
    Path existing = output.toAbsolutePath().normalize();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    if (!Files.isDirectory(existing)) {
      throw UserException.of(
          "run.output is not a folder: "
              + existing
              + " is "
              + (Files.isRegularFile(existing) ? "a file" : "not a folder"),
          output.toString(),
          "set run.output to a folder, e.g. run.output = \"runs\"");
    }
    if (!Files.isWritable(existing)
        || existing.startsWith("/proc")
        || existing.startsWith("/sys")) {
      throw UserException.of(
          "run.output cannot hold run folders: " + existing + " is not writable by this user",
          output.toString(),
          "set run.output to a folder you can write, e.g. run.output = \"runs\"");
    }
  }

  /**
   * Creates {@code output/name}, or {@code name-2}, {@code name-3}, ... when taken: a new run never
   * writes into an earlier run's folder.
   */
  public static RunFolder create(Path output, String name) {
    requireUsable(output, name);
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
   * A folder created for a run whose process ended before writing run.json: nothing in it but,
   * perhaps, the config and a lock file, and no process holds the lock.
   */
  static boolean isOrphan(Path folder) {
    if (Files.exists(folder.resolve(RUN_INFO)) || Files.exists(folder.resolve("checkpoints"))) {
      return false;
    }
    return !isBeingStarted(folder);
  }

  /**
   * Whether a live process trains in {@code folder}: it holds the lock file, which the operating
   * system releases however the process ends. On Linux this reads {@code /proc/locks} and never
   * opens the lock file: closing any descriptor of a file drops the POSIX locks this process holds
   * on it, so a reader in the training JVM itself (the live dashboard) would free the run's lock.
   * Elsewhere it asks for a shared lock on a read-only handle, which also works in a folder that
   * can no longer be written.
   */
  public static boolean isHeld(Path folder) {
    Path file = folder.resolve(".lock");
    if (!Files.exists(file)) {
      return false; // a finished run removed it; a run that never started has none
    }
    Path procLocks = Path.of("/proc/locks");
    if (Files.isReadable(procLocks)) {
      try {
        String inode = ":" + Files.getAttribute(file, "unix:ino");
        // "1: POSIX  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF" (a waiter's line has "->" in it)
        return Files.readAllLines(procLocks).stream()
            .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
            .anyMatch(
                field -> field.endsWith(inode) && field.chars().filter(c -> c == ':').count() == 2);
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        // fall through to asking for the lock
      }
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this process holds it
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a process holds the folder's lock now (checked by taking and releasing it). */
  static boolean isBeingStarted(Path folder) {
    if (!Files.exists(folder.resolve(".lock"))) {
      return false;
    }
    try (FileChannel channel =
        FileChannel.open(
            folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this process holds it
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Creates {@code output/name} itself, or empty when it exists already (another start may have
   * created it a moment ago): creating a directory is atomic, so of two starts one gets it.
   */
  static Optional<RunFolder> createExactly(Path output, String name) {
    requireUsable(output, name);
    Path folder = output.resolve(name);
    try {
      Files.createDirectories(output);
      Files.createDirectory(folder);
      return Optional.of(new RunFolder(folder));
    } catch (FileAlreadyExistsException taken) {
      return Optional.empty();
    } catch (IOException e) {
      throw UserException.of(
          "cannot create the run folder: " + e.getMessage(),
          folder.toString(),
          "check permissions and free space, or set run.output elsewhere");
    }
  }

  /** An existing folder taken back for a new start: see {@link #isOrphan}. */
  static RunFolder reuse(Path folder) {
    return new RunFolder(folder);
  }

  /**
   * Takes this folder until the returned lock is closed: a second process training into it gets a
   * clear error instead of interleaved checkpoints. The operating system also releases the lock
   * when the process ends, however it ends.
   */
  public AutoCloseable lock() {
    try {
      FileChannel channel =
          FileChannel.open(
              path.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
        } catch (IOException readOnly) {
          // a folder that turned read-only keeps its lock file; nobody holds it once closed
        }
      };
    } catch (OverlappingFileLockException e) {
      throw UserException.of(
          "this process already trains in this run folder",
          path.toString(),
          "set another run.name");
    } catch (IOException e) {
      throw UserException.of(
          "cannot lock the run folder: " + e.getMessage(),
          path.toString(),
          "check its permissions");
    }
  }

  public Path path() {
    return path;
  }

  /**
   * Why this folder cannot be written now (it turned read-only, its disk was unmounted...), found
   * by creating and deleting a file in it; empty when it can be written.
   */
  public Optional<String> unwritable() {
    try {
      Files.delete(Files.createTempFile(path, ".write-check", ""));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String reason =
          e instanceof FileSystemException fs && fs.getReason() != null
              ? fs.getReason()
              : e.getClass().getSimpleName();
      return Optional.of(reason);
    }
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
