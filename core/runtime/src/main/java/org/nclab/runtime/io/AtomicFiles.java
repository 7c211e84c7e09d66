package org.nclab.runtime.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Writes files so that a reader sees either the old content or the new, never a half: write a
 * temporary file beside the target, force it to disk, then rename it over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void writeString(Path target, String content) {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] content) {
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      move(temp, target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Forces every file in {@code folder}, and the folder itself, to disk. */
  public static void forceAll(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
    }
    forceDirectory(folder);
  }

  /** Forces a folder's entries (names) to disk, where the platform allows opening a folder. */
  public static void forceDirectory(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // Some platforms cannot open a directory for force(); the files themselves are forced.
    }
  }

  /** Renames {@code source} to {@code target} atomically (same file system), replacing it. */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: a leftover temporary file is harmless and overwritten next time.
    }
  }
}
