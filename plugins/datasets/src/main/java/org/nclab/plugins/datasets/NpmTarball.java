package org.nclab.plugins.datasets;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.nclab.api.UserException;

/**
 * The regular files of an npm package tarball, gzipped or not (decided by content), read in one
 * pass with Apache Commons Compress, which checks every header's checksum and reads ustar, pax and
 * GNU long names. Every failure is a {@link UserException} naming the tarball and the entry being
 * read; the stream is read to its very end, which makes gzip check its CRC. Use: {@link #open},
 * then {@link #next} and {@link #content} until {@code next} returns null, then close.
 */
final class NpmTarball implements Closeable {
  private static final String REPLACE =
      "replace it with an intact copy (npm pack the package again)";

  private final Path tarball;
  private final InputStream decompressed;
  private final TarArchiveInputStream tar;
  private String current;

  private NpmTarball(Path tarball, InputStream decompressed) {
    this.tarball = tarball;
    this.decompressed = decompressed;
    this.tar = new TarArchiveInputStream(decompressed);
  }

  /** Opens {@code tarball}; gzipped when it starts with gzip's magic bytes 1f 8b. */
  static NpmTarball open(Path tarball) {
    InputStream raw = null;
    try {
      raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
      raw.mark(2);
      boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream decompressed =
          new BufferedInputStream(gzipped ? new GzipCompressorInputStream(raw) : raw, 1 << 16);
      requireTarHeader(decompressed, tarball);
      return new NpmTarball(tarball, decompressed);
    } catch (NoSuchFileException e) {
      throw UserException.of(
          "file not found", tarball.toString(), "set path to the package's .tgz or its folder");
    } catch (IOException | UserException e) {
      if (raw != null) {
        try {
          raw.close();
        } catch (IOException ignored) {
          // the open failure is what the user needs to see
        }
      }
      throw e instanceof IOException io ? failure(io, tarball.toString()) : (UserException) e;
    }
  }

  /**
   * Commons Compress believes headers without checking their checksum, so the first one is checked
   * here: a file that is no tar archive fails with that, not with "no class files". (npm's tarballs
   * are gzipped; gzip's CRC covers every later byte.)
   */
  private static void requireTarHeader(InputStream in, Path tarball) throws IOException {
    in.mark(TarConstants.DEFAULT_RCDSIZE);
    byte[] header = in.readNBytes(TarConstants.DEFAULT_RCDSIZE);
    in.reset();
    boolean empty =
        header.length == TarConstants.DEFAULT_RCDSIZE
            && Arrays.equals(header, new byte[header.length]);
    if (!empty
        && (header.length < TarConstants.DEFAULT_RCDSIZE || !TarUtils.verifyCheckSum(header))) {
      throw UserException.of(
          "damaged or not a tar archive (its first header's checksum does not match)",
          tarball.toString(),
          "path must be an npm package tarball (.tgz) or its unpacked folder; if it is one, "
              + REPLACE);
    }
  }

  /**
   * The name of the next regular file (npm's start with "package/"), skipping what is left of the
   * current one and every folder and link; null at the end of the archive.
   */
  String next() {
    try {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (entry.isFile() && !entry.isSymbolicLink() && !entry.isLink()) {
          current = entry.getName();
          return current;
        }
      }
      current = null;
      decompressed.transferTo(OutputStream.nullOutputStream()); // gzip checks its CRC at the end
      return null;
    } catch (IOException e) {
      throw failure(e, where());
    }
  }

  /** The current entry's bytes; not to be closed (closing the tarball does that). */
  InputStream content() {
    return tar;
  }

  /** The tarball and the current entry, for messages. */
  String where() {
    return current == null ? tarball.toString() : tarball + ", entry " + current;
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException ignored) {
      // read-only: nothing is lost
    }
  }

  /** What went wrong reading {@code where}, in the words a user can act on. */
  static UserException failure(IOException e, String where) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    UserException error;
    if (e instanceof FileSystemException) {
      error = UserException.of("cannot read: " + what, where, "check that it is a readable file");
    } else if (e instanceof EOFException
        || what.contains("Truncated")
        || what.contains("truncated")) {
      error =
          UserException.of(
              "the archive ends early (" + what + ")",
              where,
              "the tarball is truncated; " + REPLACE);
    } else {
      error =
          UserException.of(
              "damaged or not a tar archive (" + what + ")",
              where,
              "path must be an npm package tarball (.tgz) or its unpacked folder; if it is one, "
                  + REPLACE);
    }
    return (UserException) error.initCause(e);
  }
}
