package org.nclab.runtime.export;

import static org.nclab.runtime.run.Checkpoints.deleteTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.nclab.api.UserException;
import org.nclab.runtime.io.AtomicFiles;

/**
 * An output folder written whole or not at all: everything goes into a hidden temporary sibling,
 * which is renamed into place only when complete. An existing folder is refused unless forced, and
 * even then is replaced only by the rename, so a failure halfway leaves it as it was.
 */
public final class OutputFolder {
  private final Path target;
  private final Path temp;
  private final boolean force;

  private OutputFolder(Path target, Path temp, boolean force) {
    this.target = target;
    this.temp = temp;
    this.force = force;
  }

  /** Refuses an existing {@code target} without {@code force}; creates the temporary folder. */
  public static OutputFolder begin(Path target, boolean force) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !force) {
      throw UserException.of(
          "the output folder exists",
          absolute.toString(),
          "choose another --out or pass --force to replace it");
    }
    Path temp =
        absolute.resolveSibling(
            "." + absolute.getFileName() + ".partial-" + ProcessHandle.current().pid());
    try {
      deleteTree(temp);
      Files.createDirectories(temp);
    } catch (IOException e) {
      throw UserException.of(
          "cannot create the output folder: " + e,
          absolute.toString(),
          "check that its parent is writable");
    }
    return new OutputFolder(absolute, temp, force);
  }

  /** Where to write the content. */
  public Path temp() {
    return temp;
  }

  public Path target() {
    return target;
  }

  /** Forces the content to disk and renames it into place, replacing a forced-over folder. */
  public void commit() {
    Path previous =
        target.resolveSibling(
            "." + target.getFileName() + ".previous-" + ProcessHandle.current().pid());
    try {
      forceTree(temp);
      if (Files.exists(target)) {
        if (!force) {
          throw UserException.of(
              "the output folder appeared while writing",
              target.toString(),
              "choose another --out or pass --force");
        }
        AtomicFiles.move(target, previous);
      }
      AtomicFiles.move(temp, target);
      deleteTree(previous);
    } catch (IOException e) {
      throw UserException.of(
          "cannot write the output folder: " + e,
          target.toString(),
          "check free space and permissions");
    }
  }

  /** Deletes the temporary folder; call when the work failed (a no-op after commit). */
  public void abandon() {
    try {
      deleteTree(temp);
    } catch (IOException ignored) {
      // A leftover hidden .partial folder is harmless and replaced by the next attempt.
    }
  }

  private static void forceTree(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path dir : walk.filter(Files::isDirectory).toList()) {
        AtomicFiles.forceAll(dir);
      }
    }
  }
}
